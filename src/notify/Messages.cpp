#include "notify/Messages.h"

#include "core/AlertJson.h"
#include "core/Rfc3339.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QUuid>

namespace notify {

namespace {

constexpr int listedAlerts = 10;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString slackColour(const Notification &n)
{
    if (n.action == Notification::Action::Resolve)
        return QStringLiteral("#2eb67d");
    if (n.action == Notification::Action::Acknowledge)
        return QStringLiteral("#8a8f98");
    switch (n.severity()) {
    case core::Severity::Critical:
        return QStringLiteral("#d40e0d");
    case core::Severity::Error:
        return QStringLiteral("#e8662a");
    case core::Severity::Warn:
        return QStringLiteral("#ecb22e");
    case core::Severity::Info:
        break;
    }
    return QStringLiteral("#2f80ed");
}

QString stateSummary(const Notification &n)
{
    QStringList parts;
    if (const int open = n.count(core::AlertState::Open))
        parts.append(QStringLiteral("%1 open").arg(open));
    if (const int acked = n.count(core::AlertState::Acknowledged))
        parts.append(QStringLiteral("%1 acknowledged").arg(acked));
    if (const int resolved = n.count(core::AlertState::Resolved))
        parts.append(QStringLiteral("%1 resolved").arg(resolved));
    return parts.isEmpty() ? QStringLiteral("test") : parts.join(QStringLiteral(", "));
}

// "• CRITICAL checkout: High error rate (OPEN)" per alert, at most ten, then "… and N more".
QStringList alertLines(const Notification &n, const Scrubber &scrubber)
{
    QStringList lines;
    for (qsizetype i = 0; i < n.alerts.size() && i < listedAlerts; ++i) {
        const core::Alert &a = n.alerts[i];
        lines.append(scrubber.scrubText(QStringLiteral("%1 %2: %3 (%4)").arg(core::severityName(a.severity), a.source, a.title, core::alertStateName(a.state))));
    }
    if (n.alerts.size() > listedAlerts)
        lines.append(QStringLiteral("… and %1 more").arg(n.alerts.size() - listedAlerts));
    return lines;
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QString pagerDutySeverity(core::Severity severity)
{
    switch (severity) {
    case core::Severity::Critical:
        return QStringLiteral("critical");
    case core::Severity::Error:
        return QStringLiteral("error");
    case core::Severity::Warn:
        return QStringLiteral("warning");
    case core::Severity::Info:
        break;
    }
    return QStringLiteral("info");
}

HttpMessage slackMessage(const Notification &n, const QString &webhookUrl, const QJsonObject &settings, const Scrubber &scrubber)
{
    const QString title = scrubber.scrubText(n.title());
    QJsonArray fields{QJsonObject{{QStringLiteral("title"), QStringLiteral("Service")}, {QStringLiteral("value"), scrubber.scrubText(n.source())}, {QStringLiteral("short"), true}},
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("Severity")}, {QStringLiteral("value"), core::severityName(n.severity())}, {QStringLiteral("short"), true}},
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("State")}, {QStringLiteral("value"), stateSummary(n)}, {QStringLiteral("short"), true}}};
    QString text = alertLines(n, scrubber).join(QLatin1Char('\n'));
    if (!n.eventMessage.isEmpty())
        text += QStringLiteral("\n> ") + scrubber.scrubText(n.eventMessage);
    QJsonObject attachment{{QStringLiteral("color"), slackColour(n)},
                           {QStringLiteral("title"), title},
                           {QStringLiteral("text"), text},
                           {QStringLiteral("fallback"), n.link.isEmpty() ? title : title + QStringLiteral(" | ") + n.link},
                           {QStringLiteral("fields"), fields},
                           {QStringLiteral("footer"), QStringLiteral("Sentinel")},
                           {QStringLiteral("ts"), n.createdAtMs / 1000}};
    if (!n.link.isEmpty())
        attachment.insert(QStringLiteral("title_link"), n.link);
    QJsonObject body{{QStringLiteral("text"), title}, {QStringLiteral("attachments"), QJsonArray{attachment}}};
    for (const char *optional : {"channel", "username"}) {
        if (settings.contains(QLatin1String(optional)))
            body.insert(QLatin1String(optional), settings.value(QLatin1String(optional)));
    }
    return {QUrl(webhookUrl), "POST", {{"Content-Type", "application/json"}}, compact(body)};
}

HttpMessage pagerDutyMessage(const Notification &n, const QString &routingKey, const QString &url, const Scrubber &scrubber)
{
    QJsonObject body{{QStringLiteral("routing_key"), routingKey},
                     {QStringLiteral("dedup_key"), n.dedupKey()},
                     {QStringLiteral("event_action"), n.action == Notification::Action::Test ? QStringLiteral("trigger") : actionName(n.action)}};
    if (n.action == Notification::Action::Trigger || n.action == Notification::Action::Test) {
        QJsonObject details{{QStringLiteral("state"), stateSummary(n)}, {QStringLiteral("alerts"), alertLines(n, scrubber).join(QLatin1Char('\n'))}};
        if (!n.eventMessage.isEmpty())
            details.insert(QStringLiteral("message"), scrubber.scrubText(n.eventMessage));
        const core::Alert first = n.alerts.value(0);
        if (!first.labels.isEmpty()) {
            QJsonObject labels;
            for (auto it = first.labels.cbegin(); it != first.labels.cend(); ++it)
                labels.insert(it.key(), it.value());
            details.insert(QStringLiteral("labels"), scrubber.scrubJson(labels));
        }
        QJsonObject payload{{QStringLiteral("summary"), scrubber.scrubText(n.title()).left(1024)},
                            {QStringLiteral("severity"), pagerDutySeverity(n.severity())},
                            {QStringLiteral("source"), scrubber.scrubText(n.source())},
                            {QStringLiteral("component"), scrubber.scrubText(first.source.isEmpty() ? QStringLiteral("sentinel") : first.source)},
                            {QStringLiteral("group"), first.sloId.isEmpty() ? first.ruleId : first.sloId},
                            {QStringLiteral("class"), first.sloId.isEmpty() ? QStringLiteral("rule") : QStringLiteral("slo_burn_rate")},
                            {QStringLiteral("timestamp"), core::formatRfc3339(first.startsAtMs ? first.startsAtMs : n.createdAtMs)},
                            {QStringLiteral("custom_details"), details}};
        body.insert(QStringLiteral("payload"), payload);
        body.insert(QStringLiteral("client"), QStringLiteral("Sentinel"));
        if (!n.link.isEmpty()) {
            body.insert(QStringLiteral("client_url"), n.link);
            body.insert(QStringLiteral("links"), QJsonArray{QJsonObject{{QStringLiteral("href"), n.link}, {QStringLiteral("text"), QStringLiteral("Open in Sentinel")}}});
        }
    }
    return {QUrl(url), "POST", {{"Content-Type", "application/json"}}, compact(body)};
}

QByteArray webhookSignature(const QByteArray &body, const QString &secret)
{
    return "sha256=" + QMessageAuthenticationCode::hash(body, secret.toUtf8(), QCryptographicHash::Sha256).toHex();
}

HttpMessage webhookMessage(const Notification &n, const QString &url, const QString &secret, const QJsonObject &headers, const Scrubber &scrubber)
{
    QJsonArray alerts;
    for (const core::Alert &a : n.alerts)
        alerts.append(scrubber.scrubJson(core::alertToJson(a)));
    const QJsonObject body{{QStringLiteral("version"), 1},
                           {QStringLiteral("id"), n.id},
                           {QStringLiteral("action"), actionName(n.action)},
                           {QStringLiteral("title"), scrubber.scrubText(n.title())},
                           {QStringLiteral("severity"), core::severityName(n.severity())},
                           {QStringLiteral("group_key"), n.groupKey},
                           {QStringLiteral("counts"), QJsonObject{{QStringLiteral("open"), n.count(core::AlertState::Open)},
                                                                  {QStringLiteral("acknowledged"), n.count(core::AlertState::Acknowledged)},
                                                                  {QStringLiteral("resolved"), n.count(core::AlertState::Resolved)}}},
                           {QStringLiteral("alerts"), alerts},
                           {QStringLiteral("message"), n.eventMessage.isEmpty() ? QJsonValue() : QJsonValue(scrubber.scrubText(n.eventMessage))},
                           {QStringLiteral("link"), n.link},
                           {QStringLiteral("created_at"), core::formatRfc3339(n.createdAtMs)}};
    HttpMessage message{QUrl(url), "POST", {{"Content-Type", "application/json"}, {"Idempotency-Key", n.id.toLatin1()}}, compact(body)};
    for (auto it = headers.begin(); it != headers.end(); ++it)
        message.headers.append({it.key().toLatin1(), it.value().toString().toUtf8()});
    if (!secret.isEmpty())
        message.headers.append({"X-Sentinel-Signature", webhookSignature(message.body, secret)});
    return message;
}

QByteArray emailMessage(const Notification &n, const QString &from, const QStringList &to, const Scrubber &scrubber, qint64 nowMs)
{
    const QString subject = scrubber.scrubText(n.title());
    const QStringList lines = alertLines(n, scrubber);
    QString text = subject + QStringLiteral("\n\nService: ") + scrubber.scrubText(n.source()) + QStringLiteral("\nSeverity: ")
                   + core::severityName(n.severity()) + QStringLiteral("\nState: ") + stateSummary(n) + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
    QString html = QStringLiteral("<html><body><h2>%1</h2><table><tr><th align=left>Service</th><td>%2</td></tr><tr><th align=left>Severity</th><td>%3</td></tr>"
                                  "<tr><th align=left>State</th><td>%4</td></tr></table><ul>")
                       .arg(htmlEscaped(subject), htmlEscaped(scrubber.scrubText(n.source())), core::severityName(n.severity()), stateSummary(n));
    for (const QString &line : lines)
        html += QStringLiteral("<li>") + htmlEscaped(line) + QStringLiteral("</li>");
    html += QStringLiteral("</ul>");
    if (!n.eventMessage.isEmpty()) {
        text += QStringLiteral("\n\nMessage: ") + scrubber.scrubText(n.eventMessage);
        html += QStringLiteral("<blockquote>%1</blockquote>").arg(htmlEscaped(scrubber.scrubText(n.eventMessage)));
    }
    if (!n.link.isEmpty()) {
        text += QStringLiteral("\n\n") + n.link;
        html += QStringLiteral("<p><a href=\"%1\">Open in Sentinel</a></p>").arg(htmlEscaped(n.link));
    }
    html += QStringLiteral("</body></html>");

    // Headers are ASCII: the subject goes as an RFC 2047 encoded word; bodies as base64.
    const QByteArray boundary = "sentinel-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QByteArray domain = from.section(QLatin1Char('@'), 1).toLatin1();
    const auto base64Lines = [](const QByteArray &data) {
        const QByteArray encoded = data.toBase64();
        QByteArray out;
        for (qsizetype i = 0; i < encoded.size(); i += 76)
            out += encoded.mid(i, 76) + "\r\n";
        return out;
    };
    QByteArray mail;
    mail += "From: " + from.toUtf8() + "\r\n";
    mail += "To: " + to.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    mail += "Subject: =?UTF-8?B?" + subject.toUtf8().toBase64() + "?=\r\n";
    mail += "Date: " + QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " +0000\r\n";
    mail += "Message-ID: <" + n.id.toLatin1() + "@" + domain + ">\r\n";
    mail += "MIME-Version: 1.0\r\n";
    mail += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    mail += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(text.toUtf8());
    mail += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(html.toUtf8());
    mail += "--" + boundary + "--\r\n";
    return mail;
}

} // namespace notify
