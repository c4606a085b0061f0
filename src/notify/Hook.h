#pragma once

#include "core/Alert.h"
#include "notify/Channel.h"
#include "notify/Messages.h"
#include "notify/Scrubber.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace notify {

// A remediation hook: an HTTP call (restart a service, scale pods through an orchestrator's API)
// or a local command, filled in from the alert. Placeholders are {{alert_id}}, {{rule_id}},
// {{slo_id}}, {{source}}, {{severity}}, {{title}}, {{state}}, {{fingerprint}}, {{value}} and
// {{labels.NAME}}; each value is escaped for where it lands (percent-encoded in the URL, a JSON
// string in a JSON body, one verbatim argument for a command, which runs without a shell).
struct Hook
{
    enum class Kind { Webhook, Command };
    QString name;
    Kind kind = Kind::Webhook;
    QByteArray method = "POST";
    QString url;               // Webhook: a template
    QString body;              // Webhook: a template; sent as JSON when it is a JSON template
    QJsonObject headers;       // Webhook: fixed headers
    QStringList argv;          // Command: each element a template
    qint64 timeoutMs = 10000;
    bool confirm = false;      // the operator must confirm before it runs
    QString description;
};

std::optional<Hook> parseHook(const QString &name, const QJsonObject &json, QList<ConfigProblem> *problems);
QJsonObject hookToJson(const Hook &hook);

// The hook's HTTP request for `alert` (values scrubbed of PHI before they are placed).
HttpMessage renderWebhook(const Hook &hook, const core::Alert &alert, const Scrubber &scrubber);
// The command line for `alert`: argv[0] and its arguments, each one value, never re-split.
QStringList renderCommand(const Hook &hook, const core::Alert &alert);

// The placeholders a template uses that no alert provides ("{{nope}}"), for validation.
QStringList unknownPlaceholders(const QString &text);

} // namespace notify
