#include "notify/Routing.h"

#include "core/Duration.h"

#include <QJsonArray>

namespace notify {

namespace {

QStringList stringList(const QJsonValue &value, const QString &path, QList<ConfigProblem> *problems)
{
    QStringList out;
    if (value.isUndefined())
        return out;
    if (!value.isArray()) {
        problems->append({path, QStringLiteral("must be a list of strings")});
        return out;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isString() || array[i].toString().isEmpty())
            problems->append({QStringLiteral("%1[%2]").arg(path).arg(i), QStringLiteral("must be a non-empty string")});
        else
            out.append(array[i].toString());
    }
    return out;
}

qint64 durationField(const QJsonObject &json, const char *key, qint64 fallback, qint64 minimum, QList<ConfigProblem> *problems)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    const auto ms = value.isString() ? core::parseDuration(value.toString()) : std::nullopt;
    if (!ms || *ms < minimum) {
        problems->append({QLatin1String(key), QStringLiteral("must be a duration of at least %1, such as \"30s\"").arg(core::formatDuration(minimum))});
        return fallback;
    }
    return *ms;
}

} // namespace

bool AlertMatch::matches(const core::Alert &alert) const
{
    if (!severities.isEmpty() && !severities.contains(alert.severity))
        return false;
    if (!sources.isEmpty() && !sources.contains(alert.source))
        return false;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (alert.labels.value(it.key()) != it.value())
            return false;
    }
    return true;
}

AlertMatch parseAlertMatch(const QJsonValue &json, const QString &path, QList<ConfigProblem> *problems)
{
    AlertMatch match;
    if (json.isUndefined())
        return match;
    if (!json.isObject()) {
        problems->append({path, QStringLiteral("must be an object with severity, source and labels")});
        return match;
    }
    const QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != QLatin1String("severity") && it.key() != QLatin1String("source") && it.key() != QLatin1String("labels"))
            problems->append({path + QLatin1Char('.') + it.key(), QStringLiteral("is not a match key (severity, source, labels)")});
    }
    const QStringList severities = stringList(o.value(QLatin1String("severity")), path + QStringLiteral(".severity"), problems);
    for (qsizetype i = 0; i < severities.size(); ++i) {
        if (const auto s = core::parseSeverity(severities[i]))
            match.severities.append(*s);
        else
            problems->append({QStringLiteral("%1.severity[%2]").arg(path).arg(i), QStringLiteral("must be INFO, WARN, ERROR or CRITICAL")});
    }
    match.sources = stringList(o.value(QLatin1String("source")), path + QStringLiteral(".source"), problems);
    const QJsonValue labels = o.value(QLatin1String("labels"));
    if (!labels.isUndefined() && !labels.isObject())
        problems->append({path + QStringLiteral(".labels"), QStringLiteral("must be an object of label names to values")});
    const QJsonObject labelObject = labels.toObject();
    for (auto it = labelObject.begin(); it != labelObject.end(); ++it) {
        if (!it.value().isString())
            problems->append({path + QStringLiteral(".labels.") + it.key(), QStringLiteral("must be a string")});
        else
            match.labels.insert(it.key(), it.value().toString());
    }
    return match;
}

QJsonObject alertMatchToJson(const AlertMatch &match)
{
    QJsonObject json;
    if (!match.severities.isEmpty()) {
        QJsonArray severities;
        for (core::Severity s : match.severities)
            severities.append(core::severityName(s));
        json.insert(QStringLiteral("severity"), severities);
    }
    if (!match.sources.isEmpty())
        json.insert(QStringLiteral("source"), QJsonArray::fromStringList(match.sources));
    if (!match.labels.isEmpty()) {
        QJsonObject labels;
        for (auto it = match.labels.cbegin(); it != match.labels.cend(); ++it)
            labels.insert(it.key(), it.value());
        json.insert(QStringLiteral("labels"), labels);
    }
    return json;
}

QStringList RoutingConfig::channelsFor(const core::Alert &alert, const QList<ChannelConfig> &channels) const
{
    QStringList out;
    const auto add = [&out](const QStringList &names) {
        for (const QString &name : names) {
            if (!out.contains(name))
                out.append(name);
        }
    };
    if (routes.isEmpty() && defaultChannels.isEmpty()) {
        for (const ChannelConfig &c : channels) {
            if (c.kind == ChannelKind::Slack || (c.kind == ChannelKind::PagerDuty && alert.severity == core::Severity::Critical))
                add({c.name});
        }
        return out;
    }
    bool taken = false;
    for (const Route &route : routes) {
        if (!route.match.matches(alert))
            continue;
        add(route.channels);
        taken = true;
        if (!route.continueMatching)
            break;
    }
    if (!taken)
        add(defaultChannels);
    return out;
}

QString RoutingConfig::groupKeyFor(const core::Alert &alert) const
{
    QStringList parts;
    for (const QString &field : groupBy) {
        QString value;
        if (field == QLatin1String("rule_id"))
            value = alert.ruleId;
        else if (field == QLatin1String("slo_id"))
            value = alert.sloId;
        else if (field == QLatin1String("source"))
            value = alert.source;
        else if (field == QLatin1String("severity"))
            value = core::severityName(alert.severity);
        else
            value = alert.labels.value(field);
        parts.append(field + QLatin1Char('=') + value);
    }
    return parts.join(QLatin1Char(','));
}

std::optional<RoutingConfig> parseRouting(const QJsonObject &json, const QStringList &knownChannels, QList<ConfigProblem> *problems)
{
    const qsizetype before = problems->size();
    RoutingConfig config;
    config.configured = true;
    for (auto it = json.begin(); it != json.end(); ++it) {
        static const QStringList keys{QStringLiteral("routes"), QStringLiteral("default"), QStringLiteral("group_by"), QStringLiteral("group_wait"),
                                      QStringLiteral("group_interval"), QStringLiteral("external_url")};
        if (!keys.contains(it.key()))
            problems->append({it.key(), QStringLiteral("is not a routing setting (%1)").arg(keys.join(QStringLiteral(", ")))});
    }
    const auto checkChannels = [&](const QStringList &names, const QString &path) {
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (!knownChannels.contains(names[i]))
                problems->append({QStringLiteral("%1[%2]").arg(path).arg(i), QStringLiteral("no channel named \"%1\"").arg(names[i])});
        }
    };
    const QJsonValue routes = json.value(QLatin1String("routes"));
    if (!routes.isUndefined() && !routes.isArray())
        problems->append({QStringLiteral("routes"), QStringLiteral("must be a list of routes")});
    const QJsonArray routeArray = routes.toArray();
    for (qsizetype i = 0; i < routeArray.size(); ++i) {
        const QString path = QStringLiteral("routes[%1]").arg(i);
        const QJsonObject r = routeArray[i].toObject();
        Route route;
        route.match = parseAlertMatch(r.value(QLatin1String("match")), path + QStringLiteral(".match"), problems);
        route.channels = stringList(r.value(QLatin1String("channels")), path + QStringLiteral(".channels"), problems);
        if (route.channels.isEmpty())
            problems->append({path + QStringLiteral(".channels"), QStringLiteral("is required: at least one channel")});
        checkChannels(route.channels, path + QStringLiteral(".channels"));
        const QJsonValue cont = r.value(QLatin1String("continue"));
        if (!cont.isUndefined() && !cont.isBool())
            problems->append({path + QStringLiteral(".continue"), QStringLiteral("must be true or false")});
        route.continueMatching = cont.toBool();
        config.routes.append(route);
    }
    config.defaultChannels = stringList(json.value(QLatin1String("default")), QStringLiteral("default"), problems);
    checkChannels(config.defaultChannels, QStringLiteral("default"));
    if (json.contains(QLatin1String("group_by"))) {
        config.groupBy = stringList(json.value(QLatin1String("group_by")), QStringLiteral("group_by"), problems);
        if (config.groupBy.isEmpty())
            problems->append({QStringLiteral("group_by"), QStringLiteral("needs at least one field (rule_id, slo_id, source, severity or a label)")});
    }
    config.groupWaitMs = durationField(json, "group_wait", config.groupWaitMs, 0, problems);
    config.groupIntervalMs = durationField(json, "group_interval", config.groupIntervalMs, 1000, problems);
    config.externalUrl = json.value(QLatin1String("external_url")).toString();
    if (problems->size() != before)
        return std::nullopt;
    return config;
}

QJsonObject routingToJson(const RoutingConfig &config)
{
    QJsonArray routes;
    for (const Route &r : config.routes)
        routes.append(QJsonObject{{QStringLiteral("match"), alertMatchToJson(r.match)},
                                  {QStringLiteral("channels"), QJsonArray::fromStringList(r.channels)},
                                  {QStringLiteral("continue"), r.continueMatching}});
    QJsonObject json{{QStringLiteral("routes"), routes},
                     {QStringLiteral("default"), QJsonArray::fromStringList(config.defaultChannels)},
                     {QStringLiteral("group_by"), QJsonArray::fromStringList(config.groupBy)},
                     {QStringLiteral("group_wait"), core::formatDuration(config.groupWaitMs)},
                     {QStringLiteral("group_interval"), core::formatDuration(config.groupIntervalMs)},
                     {QStringLiteral("configured"), config.configured}};
    if (!config.externalUrl.isEmpty())
        json.insert(QStringLiteral("external_url"), config.externalUrl);
    return json;
}

} // namespace notify
