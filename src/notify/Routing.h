#pragma once

#include "core/Alert.h"
#include "notify/Channel.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QStringList>
#include <optional>

namespace notify {

struct AlertMatch
{
    QList<core::Severity> severities; // empty: any
    QStringList sources;              // empty: any
    QMap<QString, QString> labels;    // all must be equal

    bool matches(const core::Alert &alert) const;
};
// {"severity": [...], "source": [...], "labels": {...}} (every key optional); problems under `path`.
AlertMatch parseAlertMatch(const QJsonValue &json, const QString &path, QList<ConfigProblem> *problems);
QJsonObject alertMatchToJson(const AlertMatch &match);

struct Route
{
    AlertMatch match;
    QStringList channels;
    bool continueMatching = false;
};

// Where alerts go and how they are grouped. Routes are tried in order; the first that matches
// takes the alert unless it says "continue". Alerts no route takes go to `default`.
struct RoutingConfig
{
    QList<Route> routes;
    QStringList defaultChannels;
    bool configured = false;
    // Alerts that share these values are one notification: a storm of 100 alerts from one rule
    // is one message with counts. rule_id, slo_id, source, severity or a label name.
    QStringList groupBy{QStringLiteral("rule_id")};
    // The first notification of a group waits this long for its siblings; a NOC sees a page
    // within half a minute, and a storm that starts within it arrives as one message.
    qint64 groupWaitMs = 30000;
    // Later changes to a group (more alerts, acknowledgements, resolution) go out at most this
    // often: an update a minute keeps a channel readable during a long incident.
    qint64 groupIntervalMs = 60000;
    QString externalUrl; // the base of links back to Sentinel

    // The channels `alert` goes to. Without routes or default channels (nothing configured, or
    // only the grouping): CRITICAL to every Slack and PagerDuty channel, everything else to the
    // Slack channels.
    QStringList channelsFor(const core::Alert &alert, const QList<ChannelConfig> &channels) const;
    QString groupKeyFor(const core::Alert &alert) const;
};

std::optional<RoutingConfig> parseRouting(const QJsonObject &json, const QStringList &knownChannels, QList<ConfigProblem> *problems);
QJsonObject routingToJson(const RoutingConfig &config);

} // namespace notify
