#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace notify {

struct ConfigProblem
{
    QString path;
    QString problem;
};

enum class ChannelKind { Slack, PagerDuty, Email, Webhook };
QString channelKindName(ChannelKind kind);

// A notification channel as stored: every setting except its secrets, which live in the OS
// keychain (or come from the environment variables the channel names).
struct ChannelConfig
{
    QString name;
    ChannelKind kind = ChannelKind::Slack;
    QJsonObject settings;            // the non-secret fields, validated
    QMap<QString, QString> secretEnv; // secret field -> environment variable that holds it
    QStringList storedSecrets;        // secret fields that are in the keychain

    // The fields of this kind that are secrets: Slack's url, PagerDuty's routing_key, the
    // e-mail password and the webhook's signing secret.
    QStringList secretFields() const;
    static QStringList secretFieldsOf(ChannelKind kind);
    // Secret fields the channel cannot work without (unless an *_env names a variable).
    QStringList requiredSecrets() const;
};

struct ParsedChannel
{
    ChannelConfig config;
    QMap<QString, QString> secrets; // secret field -> value, as given in this request
};

// Validates PUT /v1/notify/channels/{name}; every problem with its JSON path.
std::optional<ParsedChannel> parseChannel(const QString &name, const QJsonObject &json, QList<ConfigProblem> *problems);
// What GET shows: the settings, and each secret field masked ("••••1234") when it is stored,
// or as {"env": NAME} when it comes from the environment.
QJsonObject channelToJson(const ChannelConfig &config, const QMap<QString, QString> &storedSecrets);
QString maskSecret(const QString &secret);
// The stored form (no secrets) and back.
QJsonObject channelToStorage(const ChannelConfig &config);
std::optional<ChannelConfig> channelFromStorage(const QString &name, const QJsonObject &json);

} // namespace notify
