#include "app/ApiKeyCommand.h"

#include "core/ApiKeys.h"
#include "core/Rfc3339.h"
#include "services/DataDirectory.h"
#include "storage/ApiKeyStore.h"
#include "storage/SqliteConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

namespace app {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("app::ApiKeyCommand", text);
}
} // namespace

int runApiKeyCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString usage = tr("usage: sentinel apikey create --name NAME --scopes SCOPE[,SCOPE] [--data-dir DIR]\n"
                             "       sentinel apikey list [--data-dir DIR]\n"
                             "       sentinel apikey revoke NAME [--data-dir DIR]\n"
                             "scopes: %1").arg(core::scopes::all().join(QLatin1String(", ")));
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"), tr("Key name."), tr("NAME"));
    const QCommandLineOption scopes(QStringLiteral("scopes"), tr("Comma-separated scopes."), tr("SCOPES"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), tr("Data directory."), tr("DIR"));
    parser.addOptions({name, scopes, dataDir});
    if (!parser.parse(QStringList{QStringLiteral("sentinel-apikey")} + arguments)) {
        err << "sentinel: " << parser.errorText() << "\n" << usage << "\n";
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    const QString verb = positional.value(0);
    if (verb.isEmpty() || (verb != QLatin1String("create") && verb != QLatin1String("list") && verb != QLatin1String("revoke"))) {
        err << usage << "\n";
        return 2;
    }
    services::DataDirectory directory(parser.value(dataDir));
    if (const QString error = directory.prepare(); !error.isEmpty()) {
        err << "sentinel: " << error << "\n";
        return 1;
    }
    storage::SqliteConnection connection;
    if (const storage::StoreError error = connection.open(directory.databasePath(), QStringLiteral("sentinel-admin"));
        error.isError()) {
        err << "sentinel: " << error.message << "\n";
        return 1;
    }
    storage::ApiKeyStore keys(connection.database());
    storage::StoreError error;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    if (verb == QLatin1String("create")) {
        QStringList scopeList;
        QString problem;
        if (!parser.isSet(name)) {
            err << "sentinel: apikey create needs --name\n" << usage << "\n";
            return 2;
        }
        if (!core::parseScopes(parser.value(scopes), &scopeList, &problem)) {
            err << "sentinel: " << problem << "\n";
            return 2;
        }
        const QString key = keys.create(parser.value(name), scopeList, now, &error);
        if (error.isError()) {
            err << "sentinel: " << error.message << "\n";
            return 1;
        }
        err << tr("Created key \"%1\" with scopes %2. It is shown once; store it now.").arg(parser.value(name), scopeList.join(QLatin1Char(','))) << "\n";
        err.flush();
        out << key << "\n";
        return 0;
    }
    if (verb == QLatin1String("list")) {
        const QList<core::ApiKeyInfo> list = keys.list(&error);
        if (error.isError()) {
            err << "sentinel: " << error.message << "\n";
            return 1;
        }
        out << QStringLiteral("%1  %2  %3  %4").arg(tr("NAME"), -24).arg(tr("STATE"), -8).arg(tr("CREATED"), -24).arg(tr("SCOPES")) << "\n";
        for (const core::ApiKeyInfo &key : list)
            out << QStringLiteral("%1  %2  %3  %4")
                       .arg(key.name, -24)
                       .arg(key.isRevoked() ? tr("revoked") : tr("active"), -8)
                       .arg(core::formatRfc3339(key.createdMs), -24)
                       .arg(key.scopes.join(QLatin1Char(',')))
                << "\n";
        return 0;
    }
    const QString target = positional.value(1, parser.value(name));
    if (target.isEmpty()) {
        err << "sentinel: apikey revoke needs the key's NAME\n" << usage << "\n";
        return 2;
    }
    if (!keys.revoke(target, now, &error)) {
        err << "sentinel: " << error.message << "\n";
        return 1;
    }
    err << tr("Revoked key \"%1\".").arg(target) << "\n";
    return 0;
}

} // namespace app
