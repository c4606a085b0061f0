#include "slo/ComplianceReport.h"

#include "core/Rfc3339.h"

#include <QJsonArray>
#include <algorithm>

namespace slo {

QString complianceName(Compliance compliance)
{
    switch (compliance) {
    case Compliance::Violated:
        return QStringLiteral("violated");
    case Compliance::AtRisk:
        return QStringLiteral("at_risk");
    case Compliance::Met:
        break;
    }
    return QStringLiteral("met");
}

ReportEntry reportEntry(const SloSpec &spec, const MinuteRollup &rollup, qint64 nowMs)
{
    ReportEntry entry;
    entry.spec = spec;
    entry.status = status(spec, rollup, nowMs);
    entry.prediction = predict(spec, entry.status, nowMs);
    entry.windowStartMs = spec.window.startAt(nowMs);
    for (const auto &[name, rate] : std::as_const(entry.status.burnRates)) {
        if (rate > entry.fastestBurn) {
            entry.fastestBurn = rate;
            entry.fastestWindow = name;
        }
    }
    if (entry.status.sli < spec.objective)
        entry.compliance = Compliance::Violated;
    else if (entry.fastestBurn > 1)
        entry.compliance = Compliance::AtRisk;
    return entry;
}

void ComplianceReport::sort()
{
    std::stable_sort(entries.begin(), entries.end(), [](const ReportEntry &a, const ReportEntry &b) {
        if (a.compliance != b.compliance)
            return a.compliance < b.compliance;
        return a.status.remaining < b.status.remaining;
    });
}

int ComplianceReport::count(Compliance compliance) const
{
    return int(std::count_if(entries.cbegin(), entries.cend(), [compliance](const ReportEntry &e) { return e.compliance == compliance; }));
}

QJsonObject statusToJson(const SloSpec &spec, const Status &status)
{
    QJsonObject burn;
    for (const auto &[name, rate] : status.burnRates)
        burn.insert(name, rate);
    return QJsonObject{{QStringLiteral("sli"), status.sli},
                       {QStringLiteral("objective"), spec.objective},
                       {QStringLiteral("window"), spec.window.name()},
                       {QStringLiteral("events"), QJsonObject{{QStringLiteral("good"), status.counts.good}, {QStringLiteral("valid"), status.counts.valid}}},
                       {QStringLiteral("error_budget"), QJsonObject{{QStringLiteral("total"), status.budgetTotal},
                                                                    {QStringLiteral("consumed"), status.consumed},
                                                                    {QStringLiteral("remaining"), status.remaining}}},
                       {QStringLiteral("burn_rates"), burn}};
}

QJsonObject predictionToJson(const Prediction &p)
{
    return QJsonObject{{QStringLiteral("exhaustion_at"), p.exhaustionMs ? QJsonValue(core::formatRfc3339(*p.exhaustionMs)) : QJsonValue()},
                       {QStringLiteral("burn_rate"), p.burnRate},
                       {QStringLiteral("confidence"), p.exhaustionMs ? QJsonValue(p.confidence) : QJsonValue()},
                       {QStringLiteral("basis"), p.basis}};
}

QJsonObject reportToJson(const ComplianceReport &report)
{
    QJsonArray slos;
    for (const ReportEntry &e : report.entries) {
        slos.append(QJsonObject{{QStringLiteral("id"), e.spec.id},
                                {QStringLiteral("name"), e.spec.name},
                                {QStringLiteral("service"), e.spec.service},
                                {QStringLiteral("compliance"), complianceName(e.compliance)},
                                {QStringLiteral("window_start"), core::formatRfc3339(e.windowStartMs)},
                                {QStringLiteral("status"), statusToJson(e.spec, e.status)},
                                {QStringLiteral("fastest_burn"), QJsonObject{{QStringLiteral("window"), e.fastestWindow.isEmpty() ? QJsonValue() : QJsonValue(e.fastestWindow)},
                                                                             {QStringLiteral("rate"), e.fastestBurn}}},
                                {QStringLiteral("prediction"), predictionToJson(e.prediction)}});
    }
    return QJsonObject{{QStringLiteral("generated_at"), core::formatRfc3339(report.generatedAtMs)},
                       {QStringLiteral("summary"), QJsonObject{{QStringLiteral("slos"), qint64(report.entries.size())},
                                                               {QStringLiteral("violated"), report.count(Compliance::Violated)},
                                                               {QStringLiteral("at_risk"), report.count(Compliance::AtRisk)},
                                                               {QStringLiteral("met"), report.count(Compliance::Met)}}},
                       {QStringLiteral("slos"), slos}};
}

namespace {

// Names come from users: keep table cells and emphasis intact whatever they contain.
QString escapeMarkdown(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (QStringView(u"\\`*_{}[]<>()#+-!|").contains(c))
            out += QLatin1Char('\\');
        out += c == QLatin1Char('\n') ? QLatin1Char(' ') : c;
    }
    return out;
}

QString percent(double fraction, int decimals)
{
    return QString::number(fraction * 100.0, 'f', decimals) + QStringLiteral(" %");
}

QString rate(double burn)
{
    return QString::number(burn, 'f', burn < 10 ? 2 : 1) + QLatin1Char('x');
}

QString complianceLabel(Compliance c)
{
    switch (c) {
    case Compliance::Violated:
        return QStringLiteral("**VIOLATED**");
    case Compliance::AtRisk:
        return QStringLiteral("**AT RISK**");
    case Compliance::Met:
        break;
    }
    return QStringLiteral("met");
}

QString exhaustion(const Prediction &p)
{
    if (!p.exhaustionMs)
        return QStringLiteral("not burning");
    return core::formatRfc3339(*p.exhaustionMs).left(16).replace(QLatin1Char('T'), QLatin1Char(' ')) + QStringLiteral(" UTC (") + p.confidence
           + QLatin1Char(')');
}

} // namespace

QString reportToMarkdown(const ComplianceReport &report)
{
    QString md;
    md += QStringLiteral("# SLO compliance report\n\n");
    md += QStringLiteral("Generated %1 UTC. SLOs: %2 (%3 violated, %4 at risk, %5 met).\n\n")
              .arg(core::formatRfc3339(report.generatedAtMs).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')))
              .arg(report.entries.size())
              .arg(report.count(Compliance::Violated))
              .arg(report.count(Compliance::AtRisk))
              .arg(report.count(Compliance::Met));
    if (report.entries.isEmpty())
        return md + QStringLiteral("No SLOs are defined.\n");

    md += QStringLiteral("| SLO | Service | Window | Objective | SLI | Budget left | Fastest burn | Budget exhausted | Compliance |\n");
    md += QStringLiteral("|---|---|---|--:|--:|--:|--:|---|---|\n");
    for (const ReportEntry &e : report.entries) {
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 |\n")
                  .arg(escapeMarkdown(e.spec.name), escapeMarkdown(e.spec.service), e.spec.window.name(), percent(e.spec.objective, 3),
                       percent(e.status.sli, 3), percent(e.status.remaining, 1),
                       e.fastestWindow.isEmpty() ? QStringLiteral("none") : rate(e.fastestBurn) + QStringLiteral(" (") + e.fastestWindow + QLatin1Char(')'),
                       exhaustion(e.prediction), complianceLabel(e.compliance));
    }
    for (const ReportEntry &e : report.entries) {
        md += QStringLiteral("\n## %1\n\n").arg(escapeMarkdown(e.spec.name));
        md += QStringLiteral("- Window: %1, from %2 UTC\n").arg(e.spec.window.name(), core::formatRfc3339(e.windowStartMs).left(16).replace(QLatin1Char('T'), QLatin1Char(' ')));
        md += QStringLiteral("- Events: %1 good of %2 valid (%3 bad)\n").arg(e.status.counts.good).arg(e.status.counts.valid).arg(e.status.counts.bad());
        md += QStringLiteral("- Error budget: %1 of the events; %2 consumed, %3 left\n")
                  .arg(percent(e.status.budgetTotal, 3), percent(e.status.consumed, 1), percent(e.status.remaining, 1));
        QStringList rates;
        for (const auto &[name, burn] : e.status.burnRates)
            rates.append(name + QLatin1Char(' ') + rate(burn));
        md += QStringLiteral("- Burn rates: %1\n").arg(rates.join(QStringLiteral(", ")));
        md += QStringLiteral("- Prediction: %1, %2\n").arg(exhaustion(e.prediction), escapeMarkdown(e.prediction.basis));
    }
    return md;
}

} // namespace slo
