// The PHI/PII corpus: for every pattern, samples that must be scrubbed (and what replaces them)
// and ordinary log lines that must pass untouched.
#include "notify/Scrubber.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestScrubber : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scrubs_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *in, const char *out) { QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out); };
        // US social security numbers
        row("ssn dashed", "patient ssn 123-45-6789 admitted", "patient ssn [SSN] admitted");
        row("ssn labelled", "SSN: 123456789", "SSN: [SSN]");
        row("ssn social security", "social security number 078051120 on file", "social security number [SSN] on file");
        // phone numbers
        row("phone us dashed", "call 415-555-0132 now", "call [PHONE] now");
        row("phone us parens", "tel (415) 555-0132", "tel [PHONE]");
        row("phone us dotted +1", "reach +1 415.555.0132.", "reach [PHONE].");
        row("phone international", "mobile +44 20 7946 0958 ok", "mobile [PHONE] ok");
        row("phone german", "Rückruf +49 30 1234 5678", "Rückruf [PHONE]");
        // e-mail addresses
        row("email", "sent to jane.doe+ward3@hospital.example.org today", "sent to [EMAIL] today");
        row("email upper", "From: JOHN_SMITH@EXAMPLE.COM", "From: [EMAIL]");
        // dates of birth
        row("dob slash", "DOB: 04/12/1961 verified", "DOB: [DOB] verified");
        row("dob iso", "date of birth=1961-04-12", "date of birth=[DOB]");
        row("dob words", "born on March 3, 1975 in", "born on [DOB] in");
        row("dob json", R"({"birthdate": "12 Jan 1990"})", R"({"birthdate": "[DOB]"})");
        // medical record numbers
        row("mrn", "MRN: A1234567 transferred", "MRN: [MRN] transferred");
        row("mrn words", "medical record number 00-4455-12", "medical record number [MRN]");
        row("patient id", "patient id #884422 discharged", "patient id #[MRN] discharged");
        // street addresses and ZIP codes
        row("address", "lives at 1600 Pennsylvania Avenue, Washington", "lives at [ADDRESS], Washington");
        row("address apt", "ship to 42 Elm St., Apt 5B please", "ship to [ADDRESS] please");
        row("zip after state", "Springfield, IL 62704 USA", "Springfield, IL [ZIP] USA");
        row("zip plus4 labelled", "zip code: 94105-1420", "zip code: [ZIP]");
        // insurance member ids
        row("member id", "Member ID: XJH123456789 denied", "Member ID: [MEMBER_ID] denied");
        row("policy number", "policy number 55-8812-90", "policy number [MEMBER_ID]");
        row("medicare", "medicare no. 1EG4TE5MK73", "medicare no. [MEMBER_ID]");
        // payment cards (Luhn-valid test numbers)
        row("visa", "card 4111 1111 1111 1111 declined", "card [CARD] declined");
        row("mastercard", "pan=5555555555554444;", "pan=[CARD];");
        row("amex", "amex 3782-822463-10005 ok", "amex [CARD] ok");
        // IP addresses
        row("ipv4", "connect from 10.20.30.40 refused", "connect from [IP] refused");
        row("ipv6 full", "peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 gone", "peer [IP] gone");
        row("ipv6 short", "bound to fe80::1ff:fe23:4567:890a", "bound to [IP]");
        // secrets written in the text
        row("password kv", "login failed password=hunter2 user=x", "login failed password=[REDACTED] user=x");
        row("token json", R"({"token": "abc.def.ghi", "n": 1})", R"({"token": "[REDACTED]", "n": 1})");
        row("authorization header", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y", "Authorization: [REDACTED]");
        row("api key", "api_key: sk_live_51H8 rejected", "api_key: [REDACTED] rejected");
    }
    void scrubs()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(notify::Scrubber().scrubText(input), expected);
    }

    // Ordinary operations text: none of it is personal, all of it must survive.
    void leavesOrdinaryLinesAlone_data()
    {
        QTest::addColumn<QString>("line");
        for (const char *line : {
                 "GET /api/orders/12345 200 in 37 ms",
                 "request_id=7f3c9a2e-4b1d-4c8e-9f00-1a2b3c4d5e6f trace=4bf92f3577b34da6a3ce929d0e0e4736",
                 "event 01890a5d-ac96-774b-bcce-b302099a8057 stored",
                 "sentinel 0.4.2 built with Qt 6.4.2 (qtbase 6.4.2+dfsg-21)",
                 "upgrade from version 1.2.3.4 to v1.2.4.0 (ver 10.0.19041.1)",
                 "listening on port 54321, pid 31337, 8 workers",
                 "2026-11-23T17:42:06.123Z checkout WARN p99 latency 1234.5 ms over 300 ms",
                 "timestamp 1795392000000 lag 15000 ms",
                 "12:34:56 retry 3 of 5 after 16 s",
                 "order 4012888 shipped: 3 items, total 129.99 USD",
                 "disk /var at 95 % (47123456 KiB used)",
                 "std::vector<int> grew to 65536 elements; Foo::Bar::baz() called",
                 "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                 "batch 20000 events in 12 transactions",
                 "HTTP 503 Service Unavailable from upstream checkout-7d9f",
                 "policy id checkout-errors fired at 14.4x burn",
                 "token bucket refilled; tokens_used=42 max_tokens=100",
                 "deploy build 20261123.4 of api-gateway",
             })
            QTest::newRow(line) << QString::fromUtf8(line);
    }
    void leavesOrdinaryLinesAlone()
    {
        QFETCH(QString, line);
        QCOMPARE(notify::Scrubber().scrubText(line), line);
    }

    void luhn()
    {
        QVERIFY(notify::passesLuhn(QStringLiteral("4111 1111 1111 1111")));
        QVERIFY(!notify::passesLuhn(QStringLiteral("4111 1111 1111 1112")));
        QCOMPARE(notify::Scrubber().scrubText(QStringLiteral("ref 4111111111111112")), QStringLiteral("ref 4111111111111112"));
    }

    void jsonKeysAndConfiguredExtras()
    {
        notify::ScrubbingConfig config;
        config.extraPatterns = {QStringLiteral("WARD-\\d+")};
        config.extraFields = {QStringLiteral("Diagnosis")};
        QStringList problems;
        const auto scrubber = notify::Scrubber::create(config, &problems);
        QVERIFY(scrubber);
        const QJsonObject in = QJsonDocument::fromJson(R"({"message": "moved to WARD-12, call 415-555-0132",
            "db_password": "x", "githubToken": "y", "diagnosis": "flu", "tokens_used": 3,
            "nested": [{"Authorization": "Basic abc"}, "user 10.0.0.7"]})").object();
        const QJsonObject out = scrubber->scrubJson(in).toObject();
        QCOMPARE(out[QLatin1String("message")].toString(), QStringLiteral("moved to [REDACTED], call [PHONE]"));
        QCOMPARE(out[QLatin1String("db_password")].toString(), QStringLiteral("[REDACTED]"));
        QCOMPARE(out[QLatin1String("githubToken")].toString(), QStringLiteral("[REDACTED]"));
        QCOMPARE(out[QLatin1String("diagnosis")].toString(), QStringLiteral("[REDACTED]"));
        QCOMPARE(out[QLatin1String("tokens_used")].toInt(), 3);
        QCOMPARE(out[QLatin1String("nested")][0][QLatin1String("Authorization")].toString(), QStringLiteral("[REDACTED]"));
        QCOMPARE(out[QLatin1String("nested")][1].toString(), QStringLiteral("user [IP]"));
        QVERIFY(!notify::Scrubber::create({{QStringLiteral("(unclosed")}, {}}, &problems));
        QVERIFY(problems.value(0).startsWith(QLatin1String("patterns[0]")));
    }
};

QTEST_GUILESS_MAIN(TestScrubber)
#include "tst_scrubber.moc"
