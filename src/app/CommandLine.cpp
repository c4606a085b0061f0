#include "app/CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstring>

namespace app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("app::CommandLine", text);
}

bool parseListen(const QString &value, services::EngineConfig *config, QString *error)
{
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const int port = colon > 0 ? value.mid(colon + 1).toInt(&ok) : 0;
    QString host = colon > 0 ? value.left(colon) : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else
        address.setAddress(host);
    if (!ok || port < 0 || port > 65535 || address.isNull()) {
        *error = tr("--listen expects HOST:PORT with an IP address, e.g. 127.0.0.1:8310 (got \"%1\")").arg(value);
        return false;
    }
    config->listenAddress = address;
    config->listenPort = quint16(port);
    return true;
}

bool parseRetention(const QString &value, services::EngineConfig *config, QString *error)
{
    bool ok = false;
    const int days = value.toInt(&ok);
    if (!ok || days < 1 || days > 36500) {
        *error = tr("--retention-days expects a whole number of days from 1 to 36500 (got \"%1\")").arg(value);
        return false;
    }
    config->retentionDays = days;
    return true;
}

// The config file is JSON with the same names as the options, plus the limits.
bool applyConfigFile(const QString &path, services::EngineConfig *config, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read config file %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = tr("config file %1 is not a JSON object: %2").arg(path, parseError.errorString());
        return false;
    }
    const QJsonObject object = document.object();
    static const QStringList known = {
        QStringLiteral("listen"), QStringLiteral("data_dir"), QStringLiteral("retention_days"), QStringLiteral("demo"),
        QStringLiteral("max_body_bytes"), QStringLiteral("max_batch_events"), QStringLiteral("queue_capacity"),
        QStringLiteral("max_connections"), QStringLiteral("idle_timeout_seconds"), QStringLiteral("max_payload_bytes"),
        QStringLiteral("notify_retry_base_ms"), QStringLiteral("notify_circuit_open_seconds")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = tr("config file %1: unknown setting \"%2\" (known: %3)").arg(path, it.key(), known.join(QLatin1String(", ")));
            return false;
        }
    }
    if (object.contains(QLatin1String("listen")) && !parseListen(object.value(QLatin1String("listen")).toString(), config, error))
        return false;
    if (object.contains(QLatin1String("data_dir")))
        config->dataDir = object.value(QLatin1String("data_dir")).toString();
    if (object.contains(QLatin1String("retention_days"))
        && !parseRetention(QString::number(object.value(QLatin1String("retention_days")).toInt()), config, error))
        return false;
    config->demo = object.value(QLatin1String("demo")).toBool(config->demo);
    const auto positive = [&](const char *name, auto *target) {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isUndefined())
            return true;
        if (!value.isDouble() || value.toDouble() < 1) {
            *error = tr("config file %1: \"%2\" must be a positive number").arg(path, QLatin1String(name));
            return false;
        }
        *target = static_cast<std::remove_pointer_t<decltype(target)>>(value.toDouble());
        return true;
    };
    int idleSeconds = config->limits.idleTimeoutMs / 1000;
    if (!positive("max_body_bytes", &config->limits.maxBodyBytes) || !positive("max_batch_events", &config->limits.maxBatchEvents)
        || !positive("queue_capacity", &config->queueCapacityEvents) || !positive("max_connections", &config->limits.maxConnections)
        || !positive("idle_timeout_seconds", &idleSeconds) || !positive("max_payload_bytes", &config->limits.event.maxPayloadBytes))
        return false;
    config->limits.idleTimeoutMs = idleSeconds * 1000;
    qint64 circuitOpenSeconds = config->notifyCircuitOpenMs / 1000;
    if (!positive("notify_retry_base_ms", &config->notifyRetryBaseMs) || !positive("notify_circuit_open_seconds", &circuitOpenSeconds))
        return false;
    config->notifyCircuitOpenMs = circuitOpenSeconds * 1000;
    return true;
}

} // namespace

ApplicationKind applicationKind(int argc, char **argv)
{
    if (argc > 1 && (std::strcmp(argv[1], "apikey") == 0 || std::strcmp(argv[1], "score-series") == 0))
        return ApplicationKind::Console;
    ApplicationKind kind = ApplicationKind::Widgets;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--version") == 0)
            return ApplicationKind::Console;
        if (std::strcmp(argv[i], "--headless") == 0)
            kind = ApplicationKind::Offscreen;
    }
    return kind;
}

bool parseCommandLine(const QStringList &arguments, Invocation *invocation, QString *error)
{
    if (arguments.size() > 1 && arguments[1] == QLatin1String("apikey")) {
        invocation->mode = Invocation::Mode::ApiKey;
        invocation->apiKeyArguments = arguments.mid(2);
        return true;
    }
    if (arguments.size() > 1 && arguments[1] == QLatin1String("score-series")) {
        invocation->mode = Invocation::Mode::ScoreSeries;
        invocation->apiKeyArguments = arguments.mid(2);
        return true;
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
        "Sentinel: a NOC dashboard with an embedded ingestion server.\n\n"
        "Admin commands (run beside a running server on the same data directory):\n"
        "  sentinel apikey create --name NAME --scopes SCOPE[,SCOPE] [--data-dir DIR]\n"
        "  sentinel apikey list [--data-dir DIR]\n"
        "  sentinel apikey revoke NAME [--data-dir DIR]\n"
        "  sentinel score-series --in FILE.csv --out FILE.csv [--detector JSON] [--alerts]"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Show the version."));
    const QCommandLineOption headless(QStringLiteral("headless"), tr("Run the engine without a window (servers, containers)."));
    const QCommandLineOption listen(QStringLiteral("listen"), tr("Address and port of the HTTP/WebSocket API (default 127.0.0.1:8310; port 0 picks a free one)."), tr("HOST:PORT"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), tr("Where the database lives (default: %1).").arg(QStringLiteral("$XDG_DATA_HOME/sentinel")), tr("DIR"));
    const QCommandLineOption demo(QStringLiteral("demo"), tr("Feed simulated traffic from a few services, with incidents, through the real API."));
    const QCommandLineOption retention(QStringLiteral("retention-days"), tr("Keep events this many days (default 90)."), tr("N"));
    const QCommandLineOption config(QStringLiteral("config"), tr("JSON settings file; command-line options override it."), tr("FILE"));
    parser.addOptions({help, version, headless, listen, dataDir, demo, retention, config});
    if (!parser.parse(arguments)) {
        *error = parser.errorText() + tr(" (see sentinel --help)");
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = tr("unexpected argument \"%1\" (see sentinel --help)").arg(parser.positionalArguments().constFirst());
        return false;
    }
    invocation->helpText = parser.helpText();
    if (parser.isSet(help)) {
        invocation->mode = Invocation::Mode::Help;
        return true;
    }
    if (parser.isSet(version)) {
        invocation->mode = Invocation::Mode::Version;
        return true;
    }
    invocation->mode = parser.isSet(headless) ? Invocation::Mode::Headless : Invocation::Mode::Dashboard;
    services::EngineConfig &engine = invocation->config;
    if (parser.isSet(config) && !applyConfigFile(parser.value(config), &engine, error))
        return false;
    if (parser.isSet(listen) && !parseListen(parser.value(listen), &engine, error))
        return false;
    if (parser.isSet(dataDir))
        engine.dataDir = parser.value(dataDir);
    if (parser.isSet(retention) && !parseRetention(parser.value(retention), &engine, error))
        return false;
    if (parser.isSet(demo))
        engine.demo = true;
    return true;
}

} // namespace app
