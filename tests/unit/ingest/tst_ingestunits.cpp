#include "FakeClock.h"
#include "Gzip.h"
#include "ingest/Authenticator.h"
#include "ingest/ContentDecoding.h"
#include "ingest/EventDecoder.h"

#include <QTest>

namespace {

class MapResolver final : public core::ApiKeyResolver
{
public:
    std::optional<core::ApiKeyInfo> resolve(const QByteArray &hash) override
    {
        ++lookups;
        return keys.contains(hash) ? std::optional(keys.value(hash)) : std::nullopt;
    }
    QHash<QByteArray, core::ApiKeyInfo> keys;
    int lookups = 0;
};

ingest::HttpRequest withAuthorization(const QByteArray &value)
{
    ingest::HttpRequest request;
    request.headers.insert("authorization", value);
    return request;
}

} // namespace

class TestIngestUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesEveryBodyShape_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ndjson");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("problems");
        QTest::addColumn<QString>("error");
        const QByteArray one = R"({"source":"a","type":"t","severity":"INFO","payload":{ "x" : [1, 2] }})";
        QTest::newRow("one object") << one << false << 1 << 0 << QString();
        QTest::newRow("an array of objects") << "[" + one + "," + one + "]" << false << 2 << 0 << QString();
        QTest::newRow("NDJSON with blank lines") << one + "\n\n" + one + "\r\n" << true << 2 << 0 << QString();
        QTest::newRow("an array item that is not an object") << "[" + one + ",42]" << false << 1 << 1 << QString();
        QTest::newRow("an NDJSON line that is not JSON") << one + "\n{oops\n" << true << 1 << 1 << QString();
        QTest::newRow("broken JSON") << QByteArray("[{") << false << 0 << 0 << "invalid JSON";
        QTest::newRow("a bare number") << QByteArray("42") << false << 0 << 0 << "must be a JSON object";
        QTest::newRow("an empty array") << QByteArray("[]") << false << 0 << 0 << "no events";
        QTest::newRow("too many events") << "[" + one + "," + one + "," + one + "]" << false << 0 << 0 << "limit is 2";
    }

    void decodesEveryBodyShape()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ndjson);
        QFETCH(int, events);
        QFETCH(int, problems);
        QFETCH(QString, error);
        ingest::EventDecoder decoder;
        const ingest::DecodedBatch batch = decoder.decode(body, ndjson, 2);
        QCOMPARE(batch.events.size(), events);
        QCOMPARE(batch.problems.size(), problems);
        QCOMPARE(batch.indices.size(), events);
        if (error.isEmpty())
            QVERIFY2(batch.error.isEmpty(), qPrintable(batch.error));
        else
            QVERIFY2(batch.error.contains(error), qPrintable(batch.error));
    }

    void keepsFieldKindsAndCompactsThePayload()
    {
        ingest::EventDecoder decoder;
        const auto batch = decoder.decode(R"({"source":"a","type":7,"severity":"INFO","payload":{ "x" : [1, 2] },"extra":1})", false, 10);
        QCOMPARE(batch.events.size(), 1);
        const core::RawEvent &e = batch.events[0];
        QCOMPARE(e.source.kind, core::RawField::Kind::String);
        QCOMPARE(e.type.kind, core::RawField::Kind::Other);
        QCOMPARE(e.payload.json, QByteArray(R"({"x":[1,2]})"));
        QCOMPARE(e.unknownFields, QStringList{QStringLiteral("extra")});
        QCOMPARE(e.timestamp.kind, core::RawField::Kind::Missing);
    }

    void problemIndicesPointIntoTheBody()
    {
        ingest::EventDecoder decoder;
        const auto batch = decoder.decode(R"([1, {"source":"a"}, "x", {"source":"b"}])", false, 10);
        QCOMPARE(batch.indices, (QList<qsizetype>{1, 3}));
        QCOMPARE(batch.problems[0].index, 0);
        QCOMPARE(batch.problems[1].index, 2);
    }

    void gunzipsWithinTheLimit()
    {
        const QByteArray plain = QByteArray(100000, 'a');
        QByteArray body = testsupport::gzip(plain);
        QString problem;
        QCOMPARE(ingest::decodeContent("gzip", &body, 200000, &problem), ingest::DecodeStatus::Ok);
        QCOMPARE(body, plain);
    }

    void refusesADecompressionBomb()
    {
        QByteArray body = testsupport::gzip(QByteArray(5'000'000, '\0'));
        QVERIFY(body.size() < 20000);
        QString problem;
        QCOMPARE(ingest::decodeContent("gzip", &body, 1'000'000, &problem), ingest::DecodeStatus::TooLarge);
        QVERIFY(problem.contains(QLatin1String("larger than")));
    }

    void refusesCorruptAndUnknownEncodings()
    {
        QByteArray body("definitely not gzip");
        QString problem;
        QCOMPARE(ingest::decodeContent("gzip", &body, 1000, &problem), ingest::DecodeStatus::Corrupt);
        QByteArray truncated = testsupport::gzip(QByteArray(1000, 'x')).left(10);
        QCOMPARE(ingest::decodeContent("gzip", &truncated, 100000, &problem), ingest::DecodeStatus::Corrupt);
        QCOMPARE(ingest::decodeContent("br", &body, 1000, &problem), ingest::DecodeStatus::Unsupported);
        QByteArray identity("x");
        QCOMPARE(ingest::decodeContent("", &identity, 1000, &problem), ingest::DecodeStatus::Ok);
    }

    void authorizesByScope()
    {
        MapResolver resolver;
        testsupport::FakeClock clock;
        resolver.keys.insert(core::hashApiKey(QStringLiteral("k-ingest")), {QStringLiteral("agent"), {core::scopes::ingest}, 1, 0});
        resolver.keys.insert(core::hashApiKey(QStringLiteral("k-old")), {QStringLiteral("old"), {core::scopes::ingest}, 1, 2});
        ingest::Authenticator auth(&resolver, &clock, 2000);
        QCOMPARE(auth.authorize(ingest::HttpRequest{}, core::scopes::ingest).status, 401);
        QCOMPARE(auth.authorize(withAuthorization("Basic abc"), core::scopes::ingest).status, 401);
        QCOMPARE(auth.authorize(withAuthorization("Bearer wrong"), core::scopes::ingest).status, 401);
        QCOMPARE(auth.authorize(withAuthorization("Bearer k-old"), core::scopes::ingest).status, 401);
        QCOMPARE(auth.authorize(withAuthorization("bearer k-ingest"), core::scopes::ingest).status, 200);
        const ingest::AuthResult denied = auth.authorize(withAuthorization("Bearer k-ingest"), core::scopes::read);
        QCOMPARE(denied.status, 403);
        QVERIFY(denied.message.contains(core::scopes::read));
        ingest::HttpRequest viaQuery;
        viaQuery.query.addQueryItem(QStringLiteral("access_token"), QStringLiteral("k-ingest"));
        QCOMPARE(auth.authorize(viaQuery, core::scopes::ingest).status, 200);
    }

    void cachesBrieflyThenSeesRevocation()
    {
        MapResolver resolver;
        testsupport::FakeClock clock;
        const QByteArray hash = core::hashApiKey(QStringLiteral("k"));
        resolver.keys.insert(hash, {QStringLiteral("agent"), {core::scopes::ingest}, 1, 0});
        ingest::Authenticator auth(&resolver, &clock, 2000);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(auth.authorize(withAuthorization("Bearer k"), core::scopes::ingest).status, 200);
        QCOMPARE(resolver.lookups, 1);
        resolver.keys[hash].revokedMs = 5;
        clock.advance(1999);
        QCOMPARE(auth.authorize(withAuthorization("Bearer k"), core::scopes::ingest).status, 200);
        clock.advance(2);
        QCOMPARE(auth.authorize(withAuthorization("Bearer k"), core::scopes::ingest).status, 401);
        QCOMPARE(resolver.lookups, 2);
    }
};

QTEST_GUILESS_MAIN(TestIngestUnits)
#include "tst_ingestunits.moc"
