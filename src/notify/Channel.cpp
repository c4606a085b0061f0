#include "notify/Channel.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace notify {

namespace {

const QString defaultPagerDutyUrl = QStringLiteral("https://events.pagerduty.com/v2/enqueue");

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) && !url.host().isEmpty();
}

bool isMailAddress(const QString &text)
{
    static const QRegularExpression address(QStringLiteral(R"(^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$)"));
    return address.match(text).hasMatch();
}

std::optional<ChannelKind> kindFromName(const QString &name)
{
    if (name == QLatin1String("slack"))
        return ChannelKind::Slack;
    if (name == QLatin1String("pagerduty"))
        return ChannelKind::PagerDuty;
    if (name == QLatin1String("email"))
        return ChannelKind::Email;
    if (name == QLatin1String("webhook"))
        return ChannelKind::Webhook;
    return std::nullopt;
}

QStringList allowedFields(ChannelKind kind)
{
    switch (kind) {
    case ChannelKind::Slack:
        return {QStringLiteral("url"), QStringLiteral("channel"), QStringLiteral("username")};
    case ChannelKind::PagerDuty:
        return {QStringLiteral("routing_key"), QStringLiteral("url")};
    case ChannelKind::Email:
        return {QStringLiteral("smtp_url"), QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("username"), QStringLiteral("password"),
                QStringLiteral("starttls")};
    case ChannelKind::Webhook:
        return {QStringLiteral("url"), QStringLiteral("secret"), QStringLiteral("headers")};
    }
    return {};
}

} // namespace

QString channelKindName(ChannelKind kind)
{
    switch (kind) {
    case ChannelKind::Slack:
        return QStringLiteral("slack");
    case ChannelKind::PagerDuty:
        return QStringLiteral("pagerduty");
    case ChannelKind::Email:
        return QStringLiteral("email");
    case ChannelKind::Webhook:
        break;
    }
    return QStringLiteral("webhook");
}

QStringList ChannelConfig::secretFieldsOf(ChannelKind kind)
{
    switch (kind) {
    case ChannelKind::Slack:
        return {QStringLiteral("url")};
    case ChannelKind::PagerDuty:
        return {QStringLiteral("routing_key")};
    case ChannelKind::Email:
        return {QStringLiteral("password")};
    case ChannelKind::Webhook:
        break;
    }
    return {QStringLiteral("secret")};
}

QStringList ChannelConfig::secretFields() const
{
    return secretFieldsOf(kind);
}

QStringList ChannelConfig::requiredSecrets() const
{
    if (kind == ChannelKind::Slack)
        return {QStringLiteral("url")};
    if (kind == ChannelKind::PagerDuty)
        return {QStringLiteral("routing_key")};
    return {};
}

QString maskSecret(const QString &secret)
{
    // Enough to tell two keys apart, never enough to use one.
    return QStringLiteral("••••") + (secret.size() >= 12 ? secret.right(4) : QString());
}

std::optional<ParsedChannel> parseChannel(const QString &name, const QJsonObject &json, QList<ConfigProblem> *problems)
{
    const qsizetype before = problems->size();
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    if (!validName.match(name).hasMatch())
        problems->append({QStringLiteral("name"), QStringLiteral("must be 1-64 letters, digits, '-', '_' or '.'")});
    const auto kind = kindFromName(json.value(QLatin1String("kind")).toString());
    if (!kind) {
        problems->append({QStringLiteral("kind"), QStringLiteral("must be slack, pagerduty, email or webhook")});
        return std::nullopt;
    }
    ParsedChannel parsed;
    parsed.config.name = name;
    parsed.config.kind = *kind;
    const QStringList secretFields = ChannelConfig::secretFieldsOf(*kind);
    const QStringList allowed = allowedFields(*kind);
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("kind"))
            continue;
        if (key.endsWith(QLatin1String("_env")) && secretFields.contains(key.chopped(4))) {
            static const QRegularExpression envName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
            if (!envName.match(it.value().toString()).hasMatch())
                problems->append({key, QStringLiteral("must name an environment variable")});
            else
                parsed.config.secretEnv.insert(key.chopped(4), it.value().toString());
            continue;
        }
        if (!allowed.contains(key)) {
            problems->append({key, QStringLiteral("is not a %1 setting (allowed: %2)").arg(channelKindName(*kind), allowed.join(QStringLiteral(", ")))});
            continue;
        }
        if (secretFields.contains(key)) {
            if (!it.value().isString() || it.value().toString().isEmpty())
                problems->append({key, QStringLiteral("must be a non-empty string")});
            else
                parsed.secrets.insert(key, it.value().toString());
            continue;
        }
        parsed.config.settings.insert(key, it.value());
    }
    const QJsonObject &s = parsed.config.settings;
    switch (*kind) {
    case ChannelKind::Slack:
        if (parsed.secrets.contains(QStringLiteral("url")) && !isHttpUrl(parsed.secrets.value(QStringLiteral("url"))))
            problems->append({QStringLiteral("url"), QStringLiteral("must be an http(s) URL (the incoming webhook)")});
        break;
    case ChannelKind::PagerDuty:
        if (s.contains(QLatin1String("url")) && !isHttpUrl(s.value(QLatin1String("url")).toString()))
            problems->append({QStringLiteral("url"), QStringLiteral("must be an http(s) URL")});
        if (!s.contains(QLatin1String("url")))
            parsed.config.settings.insert(QStringLiteral("url"), defaultPagerDutyUrl);
        break;
    case ChannelKind::Email: {
        const QUrl smtp(s.value(QLatin1String("smtp_url")).toString());
        if (!smtp.isValid() || (smtp.scheme() != QLatin1String("smtp") && smtp.scheme() != QLatin1String("smtps")) || smtp.host().isEmpty())
            problems->append({QStringLiteral("smtp_url"), QStringLiteral("is required: smtp://host:port or smtps://host:port")});
        if (!isMailAddress(s.value(QLatin1String("from")).toString()))
            problems->append({QStringLiteral("from"), QStringLiteral("is required: an e-mail address")});
        const QJsonArray to = s.value(QLatin1String("to")).toArray();
        if (to.isEmpty())
            problems->append({QStringLiteral("to"), QStringLiteral("is required: a non-empty list of e-mail addresses")});
        for (qsizetype i = 0; i < to.size(); ++i) {
            if (!isMailAddress(to[i].toString()))
                problems->append({QStringLiteral("to[%1]").arg(i), QStringLiteral("must be an e-mail address")});
        }
        if (s.contains(QLatin1String("starttls")) && !s.value(QLatin1String("starttls")).isBool())
            problems->append({QStringLiteral("starttls"), QStringLiteral("must be true or false")});
        if (!s.contains(QLatin1String("starttls")))
            parsed.config.settings.insert(QStringLiteral("starttls"), true);
        break;
    }
    case ChannelKind::Webhook: {
        if (!isHttpUrl(s.value(QLatin1String("url")).toString()))
            problems->append({QStringLiteral("url"), QStringLiteral("is required: an http(s) URL")});
        const QJsonObject headers = s.value(QLatin1String("headers")).toObject();
        if (s.contains(QLatin1String("headers")) && !s.value(QLatin1String("headers")).isObject())
            problems->append({QStringLiteral("headers"), QStringLiteral("must be an object of header names to strings")});
        for (auto h = headers.begin(); h != headers.end(); ++h) {
            static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
            if (!token.match(h.key()).hasMatch() || !h.value().isString() || h.value().toString().contains(QLatin1Char('\n')))
                problems->append({QStringLiteral("headers.") + h.key(), QStringLiteral("must be a valid header name with a one-line string value")});
        }
        break;
    }
    }
    if (problems->size() != before)
        return std::nullopt;
    return parsed;
}

QJsonObject channelToStorage(const ChannelConfig &config)
{
    QJsonObject json = config.settings;
    json.insert(QStringLiteral("kind"), channelKindName(config.kind));
    for (auto it = config.secretEnv.cbegin(); it != config.secretEnv.cend(); ++it)
        json.insert(it.key() + QStringLiteral("_env"), it.value());
    if (!config.storedSecrets.isEmpty())
        json.insert(QStringLiteral("stored_secrets"), QJsonArray::fromStringList(config.storedSecrets));
    return json;
}

std::optional<ChannelConfig> channelFromStorage(const QString &name, const QJsonObject &json)
{
    QJsonObject settings = json;
    const QStringList stored = settings.take(QStringLiteral("stored_secrets")).toVariant().toStringList();
    QList<ConfigProblem> problems;
    auto parsed = parseChannel(name, settings, &problems);
    if (!parsed)
        return std::nullopt;
    parsed->config.storedSecrets = stored;
    return parsed->config;
}

QJsonObject channelToJson(const ChannelConfig &config, const QMap<QString, QString> &storedSecrets)
{
    QJsonObject json = config.settings;
    json.insert(QStringLiteral("name"), config.name);
    json.insert(QStringLiteral("kind"), channelKindName(config.kind));
    for (const QString &field : config.secretFields()) {
        if (config.secretEnv.contains(field))
            json.insert(field, QJsonObject{{QStringLiteral("env"), config.secretEnv.value(field)}});
        else if (storedSecrets.contains(field))
            json.insert(field, maskSecret(storedSecrets.value(field)));
    }
    return json;
}

} // namespace notify
