#include "services/SloTracker.h"

#include "rules/EventFields.h"
#include "rules/RuleEvaluator.h"
#include "rules/RuleJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace services {

std::optional<SloSli> parseSli(const QJsonObject &sli, const QString &service, QList<slo::SloProblem> *problems)
{
    const qsizetype before = problems->size();
    SloSli result;
    const QString kind = sli.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("latency"))
        result.kind = SloSli::Kind::Latency;
    else if (kind != QLatin1String("ratio"))
        problems->append({QStringLiteral("sli.kind"), QStringLiteral("must be ratio or latency")});
    // The rule validator checks matchers and field paths; its paths are mapped into the SLI.
    QJsonObject valid = sli.value(QLatin1String("valid")).toObject();
    if (!valid.contains(QLatin1String("source")) && !service.isEmpty())
        valid.insert(QStringLiteral("source"), service);
    QJsonObject detector{{QStringLiteral("kind"), QStringLiteral("absence")}, {QStringLiteral("after"), QStringLiteral("1m")}};
    if (result.kind == SloSli::Kind::Latency)
        detector = {{QStringLiteral("kind"), QStringLiteral("threshold")}, {QStringLiteral("field"), sli.value(QLatin1String("field"))},
                    {QStringLiteral("op"), QStringLiteral("<=")}, {QStringLiteral("value"), sli.value(QLatin1String("threshold"))}};
    QList<rules::RuleProblem> ruleProblems;
    const auto probe = rules::parseRule(QJsonObject{{QStringLiteral("id"), QStringLiteral("sli")}, {QStringLiteral("name"), QStringLiteral("sli")},
                                                    {QStringLiteral("severity"), QStringLiteral("INFO")}, {QStringLiteral("match"), valid},
                                                    {QStringLiteral("detector"), detector}},
                                        &ruleProblems);
    for (const auto &p : ruleProblems) {
        QString path = p.path;
        path.replace(QLatin1String("match"), QLatin1String("sli.valid"));
        if (path == QLatin1String("detector.field"))
            path = QStringLiteral("sli.field");
        else if (path == QLatin1String("detector.value"))
            path = QStringLiteral("sli.threshold");
        problems->append({path, p.problem});
    }
    if (probe) {
        result.valid = probe->match;
        result.field = probe->detector.field;
        result.threshold = probe->detector.value;
    }
    if (result.kind == SloSli::Kind::Ratio) {
        const QJsonValue good = sli.value(QLatin1String("good"));
        if (!good.isObject() || !good.toObject().value(QLatin1String("where")).isArray()) {
            problems->append({QStringLiteral("sli.good"), QStringLiteral("is required: {\"where\": [conditions]}")});
        } else {
            QList<rules::RuleProblem> goodProblems;
            const auto goodRule = rules::parseRule(
                QJsonObject{{QStringLiteral("id"), QStringLiteral("sli")}, {QStringLiteral("name"), QStringLiteral("sli")},
                            {QStringLiteral("severity"), QStringLiteral("INFO")},
                            {QStringLiteral("match"), QJsonObject{{QStringLiteral("where"), good.toObject().value(QLatin1String("where"))}}},
                            {QStringLiteral("detector"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("absence")}, {QStringLiteral("after"), QStringLiteral("1m")}}}},
                &goodProblems);
            for (const auto &p : goodProblems)
                problems->append({QString(p.path).replace(QLatin1String("match"), QLatin1String("sli.good")), p.problem});
            if (goodRule)
                result.good = goodRule->match.where;
        }
    }
    if (problems->size() != before)
        return std::nullopt;
    QJsonObject identity{{QStringLiteral("kind"), kind}, {QStringLiteral("valid"), valid}};
    if (result.kind == SloSli::Kind::Latency)
        identity.insert(QStringLiteral("field"), result.field);
    else
        identity.insert(QStringLiteral("good"), sli.value(QLatin1String("good")));
    result.groupKey = QJsonDocument(identity).toJson(QJsonDocument::Compact);
    return result;
}

SloTracker::SloTracker(slo::SloSpec spec, SloSli sli)
    : m_sli(std::move(sli))
    , m_alerting(std::move(spec))
{
}

qint64 SloTracker::horizon(qint64 nowMs) const
{
    return spec().window.startAt(nowMs) - 3LL * 86400000;
}

void SloTracker::load(const QList<storage::MinuteCounts> &minutes)
{
    for (const storage::MinuteCounts &m : minutes)
        m_rollup.add(m.minuteMs, m.good, m.valid);
}

void SloTracker::addCounts(qint64 timestampMs, qint64 good, qint64 valid)
{
    m_rollup.add(timestampMs, good, valid);
}

QList<core::RuleSignal> SloTracker::evaluate(qint64 nowMs)
{
    m_rollup.prune(horizon(nowMs));
    return m_alerting.evaluate(m_rollup, nowMs);
}

} // namespace services
