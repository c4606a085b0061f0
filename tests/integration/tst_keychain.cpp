// Channel secrets in the real OS keychain: run under tests/support/with-keyring.sh (a private
// D-Bus session with an unlocked gnome-keyring). The secret reaches the receiver, GET shows it
// masked, the database never holds it, and deleting the channel deletes it from the keychain.
#include "EngineFixture.h"
#include "HttpReceiver.h"
#include "core/ApiKeys.h"
#include "notify/KeychainSecretStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using testsupport::EngineFixture;
using testsupport::HttpReceiver;

class TestKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretsLiveInTheKeychain()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through tests/support/with-keyring.sh");
        // The store itself: write, read back (non-ASCII too), delete.
        notify::KeychainSecretStore direct(QStringLiteral("tst_keychain"));
        QCOMPARE(direct.write(QStringLiteral("probe"), QStringLiteral("pässword")), QString());
        QString error;
        QCOMPARE(direct.read(QStringLiteral("probe"), &error).value_or(QString()), QStringLiteral("pässword"));
        QCOMPARE(direct.remove(QStringLiteral("probe")), QString());
        QVERIFY(!direct.read(QStringLiteral("probe"), &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        HttpReceiver receiver;
        QVERIFY(receiver.start());
        EngineFixture fixture; // the engine's own keychain store, as in production
        QVERIFY(fixture.start());
        const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + fixture.createKey(QStringLiteral("admin"), core::scopes::all())},
                                                           {"Content-Type", "application/json"}};
        auto client = fixture.client();
        const QString webhookUrl = receiver.url(QStringLiteral("/services/T000/B000/SECRETPATH1234"));
        const QByteArray channel = QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("slack")}, {QStringLiteral("url"), webhookUrl}})
                                       .toJson(QJsonDocument::Compact);
        testsupport::RawResponse r = client->request("PUT", "/v1/notify/channels/ops-slack", channel, headers);
        QVERIFY2(r.status == 201, r.body.constData());
        QCOMPARE(r.json()[QLatin1String("url")].toString(), QStringLiteral("••••1234"));
        // Re-PUT without the secret keeps the stored one.
        QCOMPARE(client->request("PUT", "/v1/notify/channels/ops-slack", R"({"kind":"slack","username":"Sentinel"})", headers).status, 200);

        QCOMPARE(client->request("POST", "/api/test/alert", {}, headers).status, 202);
        QTRY_COMPARE(receiver.received.size(), 1);
        QCOMPARE(receiver.received.first().path, QStringLiteral("/services/T000/B000/SECRETPATH1234"));
        QCOMPARE(receiver.received.first().json()[QLatin1String("username")].toString(), QStringLiteral("Sentinel"));

        // After a restart the secret is read from the keychain again.
        QVERIFY(fixture.restart());
        client = fixture.client();
        QCOMPARE(client->request("POST", "/api/test/alert", {}, headers).status, 202);
        QTRY_COMPARE(receiver.received.size(), 2);

        QFile db(fixture.databasePath());
        QVERIFY(db.open(QIODevice::ReadOnly));
        QVERIFY(!db.readAll().contains("SECRETPATH1234"));
        db.close();

        // Deleting the channel deletes its secret.
        QCOMPARE(client->request("DELETE", "/v1/notify/channels/ops-slack", {}, headers).status, 204);
        const QByteArray scope = QCryptographicHash::hash(QDir(fixture.dataDir()).canonicalPath().toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
        notify::KeychainSecretStore engineScope(QString::fromLatin1(scope));
        QVERIFY(!engineScope.read(QStringLiteral("channel/ops-slack/url"), &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
