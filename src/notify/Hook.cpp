#include "notify/Hook.h"

#include "core/Duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace notify {

namespace {

const QRegularExpression &placeholder()
{
    static const QRegularExpression re(QStringLiteral(R"(\{\{\s*([a-z_]+(?:\.[A-Za-z0-9_.-]+)?)\s*\}\})"));
    return re;
}

const QStringList fields{QStringLiteral("alert_id"), QStringLiteral("rule_id"), QStringLiteral("slo_id"), QStringLiteral("source"),
                         QStringLiteral("severity"), QStringLiteral("title"), QStringLiteral("state"), QStringLiteral("fingerprint"),
                         QStringLiteral("value")};

QString fieldValue(const core::Alert &a, const QString &field)
{
    if (field.startsWith(QLatin1String("labels.")))
        return a.labels.value(field.mid(7));
    if (field == QLatin1String("alert_id"))
        return a.alertId;
    if (field == QLatin1String("rule_id"))
        return a.ruleId;
    if (field == QLatin1String("slo_id"))
        return a.sloId;
    if (field == QLatin1String("source"))
        return a.source;
    if (field == QLatin1String("severity"))
        return core::severityName(a.severity);
    if (field == QLatin1String("title"))
        return a.title;
    if (field == QLatin1String("state"))
        return core::alertStateName(a.state);
    if (field == QLatin1String("fingerprint"))
        return a.fingerprint;
    if (field == QLatin1String("value"))
        return QString::number(a.value);
    return {};
}

// Replaces each placeholder with `escape(value)`.
QString render(const QString &text, const core::Alert &alert, const std::function<QString(const QString &)> &escape)
{
    QString out;
    qsizetype last = 0;
    auto it = placeholder().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += escape(fieldValue(alert, m.captured(1)));
        last = m.capturedEnd();
    }
    return out + QStringView(text).mid(last);
}

QString jsonStringContent(const QString &value)
{
    // The value as a JSON string literal without its quotes: quotes, backslashes and control
    // characters escaped, so a title cannot break out of the body's string.
    const QByteArray quoted = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(quoted.mid(2, quoted.size() - 4));
}

bool looksLikeJson(const QString &body)
{
    const QString t = body.trimmed();
    return t.startsWith(QLatin1Char('{')) || t.startsWith(QLatin1Char('['));
}

} // namespace

QStringList unknownPlaceholders(const QString &text)
{
    QStringList unknown;
    auto it = placeholder().globalMatch(text);
    while (it.hasNext()) {
        const QString field = it.next().captured(1);
        if (!fields.contains(field) && !field.startsWith(QLatin1String("labels.")))
            unknown.append(field);
    }
    // "{{" that starts no placeholder is a typo that would otherwise be sent literally.
    qsizetype matched = 0;
    auto all = placeholder().globalMatch(text);
    while (all.hasNext()) {
        all.next();
        ++matched;
    }
    if (text.count(QLatin1String("{{")) > matched)
        unknown.append(QStringLiteral("(malformed)"));
    return unknown;
}

std::optional<Hook> parseHook(const QString &name, const QJsonObject &json, QList<ConfigProblem> *problems)
{
    const qsizetype before = problems->size();
    Hook hook;
    hook.name = name;
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    if (!validName.match(name).hasMatch())
        problems->append({QStringLiteral("name"), QStringLiteral("must be 1-64 letters, digits, '-', '_' or '.'")});
    const QString kind = json.value(QLatin1String("kind")).toString();
    const auto checkTemplate = [&](const QString &text, const QString &path) {
        for (const QString &unknown : unknownPlaceholders(text))
            problems->append({path, QStringLiteral("{{%1}} is not a placeholder (%2, labels.NAME)").arg(unknown, fields.join(QStringLiteral(", ")))});
    };
    if (kind == QLatin1String("webhook")) {
        hook.kind = Hook::Kind::Webhook;
        hook.method = json.value(QLatin1String("method")).toString(QStringLiteral("POST")).toUpper().toLatin1();
        if (!QList<QByteArray>{"GET", "POST", "PUT", "PATCH", "DELETE"}.contains(hook.method))
            problems->append({QStringLiteral("method"), QStringLiteral("must be GET, POST, PUT, PATCH or DELETE")});
        hook.url = json.value(QLatin1String("url")).toString();
        const QUrl probe(render(hook.url, core::Alert{}, [](const QString &) { return QStringLiteral("x"); }), QUrl::StrictMode);
        if (!probe.isValid() || (probe.scheme() != QLatin1String("http") && probe.scheme() != QLatin1String("https")) || probe.host().isEmpty())
            problems->append({QStringLiteral("url"), QStringLiteral("is required: an http(s) URL, placeholders allowed")});
        checkTemplate(hook.url, QStringLiteral("url"));
        hook.body = json.value(QLatin1String("body")).toString();
        checkTemplate(hook.body, QStringLiteral("body"));
        if (looksLikeJson(hook.body)) {
            // The body must still be JSON with every placeholder filled in.
            const QString filled = render(hook.body, core::Alert{}, [](const QString &) { return QStringLiteral("x"); });
            QJsonParseError error;
            QJsonDocument::fromJson(filled.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError)
                problems->append({QStringLiteral("body"), QStringLiteral("is not valid JSON: %1 (put placeholders inside strings)").arg(error.errorString())});
        }
        hook.headers = json.value(QLatin1String("headers")).toObject();
    } else if (kind == QLatin1String("command")) {
        hook.kind = Hook::Kind::Command;
        const QJsonArray argv = json.value(QLatin1String("argv")).toArray();
        if (argv.isEmpty())
            problems->append({QStringLiteral("argv"), QStringLiteral("is required: the program and its arguments, e.g. [\"systemctl\", \"restart\", \"{{source}}\"]")});
        for (qsizetype i = 0; i < argv.size(); ++i) {
            if (!argv[i].isString() || argv[i].toString().isEmpty())
                problems->append({QStringLiteral("argv[%1]").arg(i), QStringLiteral("must be a non-empty string")});
            hook.argv.append(argv[i].toString());
            checkTemplate(argv[i].toString(), QStringLiteral("argv[%1]").arg(i));
        }
        if (!hook.argv.isEmpty() && hook.argv.first().contains(QLatin1String("{{")))
            problems->append({QStringLiteral("argv[0]"), QStringLiteral("must name the program itself, without placeholders")});
        if (json.value(QLatin1String("allow")).toBool() != true)
            problems->append({QStringLiteral("allow"), QStringLiteral("must be true: running commands on this machine is an explicit decision")});
    } else {
        problems->append({QStringLiteral("kind"), QStringLiteral("must be webhook or command")});
    }
    const QJsonValue timeout = json.value(QLatin1String("timeout"));
    if (!timeout.isUndefined()) {
        const auto ms = timeout.isString() ? core::parseDuration(timeout.toString()) : std::nullopt;
        if (!ms || *ms < 100 || *ms > 600000)
            problems->append({QStringLiteral("timeout"), QStringLiteral("must be a duration from 100ms to 10m")});
        else
            hook.timeoutMs = *ms;
    }
    const QJsonValue confirm = json.value(QLatin1String("confirm"));
    if (!confirm.isUndefined() && !confirm.isBool())
        problems->append({QStringLiteral("confirm"), QStringLiteral("must be true or false")});
    hook.confirm = confirm.toBool(false);
    hook.description = json.value(QLatin1String("description")).toString();
    if (problems->size() != before)
        return std::nullopt;
    return hook;
}

QJsonObject hookToJson(const Hook &hook)
{
    QJsonObject json{{QStringLiteral("name"), hook.name},
                     {QStringLiteral("timeout"), core::formatDuration(hook.timeoutMs)},
                     {QStringLiteral("confirm"), hook.confirm}};
    if (!hook.description.isEmpty())
        json.insert(QStringLiteral("description"), hook.description);
    if (hook.kind == Hook::Kind::Webhook) {
        json.insert(QStringLiteral("kind"), QStringLiteral("webhook"));
        json.insert(QStringLiteral("method"), QString::fromLatin1(hook.method));
        json.insert(QStringLiteral("url"), hook.url);
        if (!hook.body.isEmpty())
            json.insert(QStringLiteral("body"), hook.body);
        if (!hook.headers.isEmpty())
            json.insert(QStringLiteral("headers"), hook.headers);
    } else {
        json.insert(QStringLiteral("kind"), QStringLiteral("command"));
        json.insert(QStringLiteral("argv"), QJsonArray::fromStringList(hook.argv));
        json.insert(QStringLiteral("allow"), true);
    }
    return json;
}

HttpMessage renderWebhook(const Hook &hook, const core::Alert &alert, const Scrubber &scrubber)
{
    HttpMessage message;
    message.method = hook.method;
    message.url = QUrl(render(hook.url, alert, [&](const QString &v) {
        return QString::fromLatin1(QUrl::toPercentEncoding(scrubber.scrubText(v)));
    }));
    const bool json = looksLikeJson(hook.body);
    message.body = render(hook.body, alert, [&](const QString &v) { return json ? jsonStringContent(scrubber.scrubText(v)) : scrubber.scrubText(v); }).toUtf8();
    message.headers.append({"Content-Type", json ? QByteArray("application/json") : QByteArray("text/plain; charset=utf-8")});
    for (auto it = hook.headers.begin(); it != hook.headers.end(); ++it)
        message.headers.append({it.key().toLatin1(), it.value().toString().toUtf8()});
    return message;
}

QStringList renderCommand(const Hook &hook, const core::Alert &alert)
{
    QStringList argv;
    for (const QString &arg : hook.argv)
        argv.append(render(arg, alert, [](const QString &v) { return v; }));
    return argv;
}

} // namespace notify
