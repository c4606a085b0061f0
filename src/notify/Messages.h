#pragma once

#include "notify/Notification.h"
#include "notify/Scrubber.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrl>

namespace notify {

// One HTTP request to a receiver: what the wire carries, everything already scrubbed.
struct HttpMessage
{
    QUrl url;
    QByteArray method = "POST";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// Slack incoming webhook: `text` for notifications and clients without attachments, plus one
// attachment per message with the severity colour, service, severity and state fields, the
// alerts (up to 10 named, then a count) and a link back. Incoming webhooks cannot edit a posted
// message, so a resolution is a new message in green.
HttpMessage slackMessage(const Notification &n, const QString &webhookUrl, const QJsonObject &settings, const Scrubber &scrubber);

// PagerDuty Events API v2: trigger with summary, severity, source, component, group, class and
// custom_details; acknowledge and resolve with the same dedup_key and routing_key only.
HttpMessage pagerDutyMessage(const Notification &n, const QString &routingKey, const QString &url, const Scrubber &scrubber);

// A generic webhook: the notification as JSON, signed with HMAC-SHA256 over the body in
// X-Sentinel-Signature ("sha256=<hex>") when the channel has a secret.
HttpMessage webhookMessage(const Notification &n, const QString &url, const QString &secret, const QJsonObject &headers, const Scrubber &scrubber);
QByteArray webhookSignature(const QByteArray &body, const QString &secret);

// An e-mail (RFC 5322, multipart/alternative with text and HTML parts), ready for SMTP.
QByteArray emailMessage(const Notification &n, const QString &from, const QStringList &to, const Scrubber &scrubber, qint64 nowMs);

// The PagerDuty severity for a Sentinel one: critical, error, warning, info.
QString pagerDutySeverity(core::Severity severity);

} // namespace notify
