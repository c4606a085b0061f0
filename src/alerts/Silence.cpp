#include "alerts/Silence.h"

#include "core/Rfc3339.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace alerts {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("alerts::Silence", text);
}

QString attribute(const core::Alert &alert, const QString &name)
{
    if (name == QLatin1String("source"))
        return alert.source;
    if (name == QLatin1String("rule"))
        return alert.ruleId;
    if (name == QLatin1String("severity"))
        return core::severityName(alert.severity);
    if (name == QLatin1String("fingerprint"))
        return alert.fingerprint;
    return alert.labels.value(name);
}

} // namespace

bool Silence::matches(const core::Alert &alert) const
{
    for (const SilenceMatcher &m : matchers) {
        const QString actual = attribute(alert, m.name);
        if (m.regex ? !m.pattern.match(actual).hasMatch() : actual != m.value)
            return false;
    }
    return !matchers.isEmpty();
}

std::optional<Silence> parseSilence(const QJsonObject &json, qint64 nowMs, QList<SilenceProblem> *problems)
{
    const qsizetype before = problems->size();
    Silence silence;
    const QJsonValue matchers = json.value(QLatin1String("matchers"));
    if (!matchers.isArray() || matchers.toArray().isEmpty()) {
        problems->append({QStringLiteral("matchers"), tr("must be a non-empty array of {name, value, regex}")});
    } else {
        const QJsonArray list = matchers.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString path = QStringLiteral("matchers[%1]").arg(i);
            const QJsonObject m = list[i].toObject();
            SilenceMatcher matcher;
            matcher.name = m.value(QLatin1String("name")).toString();
            matcher.value = m.value(QLatin1String("value")).toString();
            matcher.regex = m.value(QLatin1String("regex")).toBool(false);
            if (matcher.name.isEmpty())
                problems->append({path + QStringLiteral(".name"), tr("is required: source, rule, severity or a label name")});
            if (!m.value(QLatin1String("value")).isString())
                problems->append({path + QStringLiteral(".value"), tr("must be a string")});
            if (matcher.regex) {
                matcher.pattern.setPattern(QRegularExpression::anchoredPattern(matcher.value));
                if (!matcher.pattern.isValid())
                    problems->append({path + QStringLiteral(".value"), tr("is not a valid regular expression: %1").arg(matcher.pattern.errorString())});
            }
            silence.matchers.append(matcher);
        }
    }
    const auto time = [&](const char *key, std::optional<qint64> fallback) -> qint64 {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined()) {
            if (!fallback)
                problems->append({QLatin1String(key), tr("is required (RFC 3339)")});
            return fallback.value_or(0);
        }
        const auto ms = core::parseRfc3339(v.toString());
        if (!ms)
            problems->append({QLatin1String(key), tr("must be an RFC 3339 time")});
        return ms.value_or(0);
    };
    silence.startsAtMs = time("starts_at", nowMs);
    silence.endsAtMs = time("ends_at", std::nullopt);
    if (silence.endsAtMs && silence.endsAtMs <= silence.startsAtMs)
        problems->append({QStringLiteral("ends_at"), tr("must be after starts_at")});
    if (silence.endsAtMs && silence.endsAtMs <= nowMs)
        problems->append({QStringLiteral("ends_at"), tr("is in the past")});
    silence.comment = json.value(QLatin1String("comment")).toString();
    if (problems->size() != before)
        return std::nullopt;
    return silence;
}

QJsonObject silenceToJson(const Silence &silence)
{
    QJsonArray matchers;
    for (const SilenceMatcher &m : silence.matchers)
        matchers.append(QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("value"), m.value}, {QStringLiteral("regex"), m.regex}});
    return QJsonObject{{QStringLiteral("id"), silence.id},
                       {QStringLiteral("matchers"), matchers},
                       {QStringLiteral("starts_at"), core::formatRfc3339(silence.startsAtMs)},
                       {QStringLiteral("ends_at"), core::formatRfc3339(silence.endsAtMs)},
                       {QStringLiteral("comment"), silence.comment},
                       {QStringLiteral("created_by"), silence.createdBy},
                       {QStringLiteral("created_at"), core::formatRfc3339(silence.createdAtMs)}};
}

} // namespace alerts
