#include "app/ScoreSeriesCommand.h"

#include "core/EventId.h"
#include "core/EventJson.h"
#include "core/Rfc3339.h"
#include "rules/Detectors.h"
#include "rules/RuleEvaluator.h"
#include "rules/RuleJson.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace app {

namespace {

struct Row
{
    QByteArray timestampText;
    qint64 timestampMs = 0;
    QByteArray valueText;
    double value = 0;
};

std::optional<qint64> parseTimestamp(const QByteArray &text)
{
    if (const auto ms = core::parseRfc3339(QString::fromLatin1(text)))
        return ms;
    // NAB and many exports: "2014-04-01 00:00:00", taken as UTC.
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(text), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!dt.isValid())
        return std::nullopt;
    return QDateTime(dt.date(), dt.time(), Qt::UTC).toMSecsSinceEpoch();
}

// The score column for any detector kind, in [0, 1]: the anomaly score itself; for statistical
// detectors the deviation scaled so that the rule's sensitivity lands on 0.5; for thresholds 0/1.
double scoreOf(const rules::DetectorSpec &spec, const rules::Observation &observation)
{
    switch (spec.kind) {
    case rules::DetectorKind::Anomaly: return observation.value;
    case rules::DetectorKind::Statistical:
        return std::isinf(observation.value) ? 1.0 : std::clamp(observation.value / (2 * spec.sensitivity), 0.0, 1.0);
    default: return observation.active ? 1.0 : 0.0;
    }
}

} // namespace

int runScoreSeriesCommand(const QStringList &arguments, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption in(QStringLiteral("in"), QStringLiteral("timestamp,value CSV"), QStringLiteral("FILE"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("output CSV"), QStringLiteral("FILE"));
    const QCommandLineOption detectorOption(QStringLiteral("detector"), QStringLiteral("detector JSON"), QStringLiteral("JSON"));
    const QCommandLineOption alerts(QStringLiteral("alerts"), QStringLiteral("1 where an alert opens"));
    parser.addOptions({in, out, detectorOption, alerts});
    const QString usage = QStringLiteral("usage: sentinel score-series --in FILE.csv --out FILE.csv [--detector JSON] [--alerts]");
    if (!parser.parse(QStringList{QStringLiteral("score-series")} + arguments) || !parser.isSet(in) || !parser.isSet(out)) {
        err << "sentinel: " << (parser.errorText().isEmpty() ? usage : parser.errorText()) << "\n";
        return 2;
    }
    // The detector goes through the same validator as a rule's.
    QJsonObject detectorJson{{QStringLiteral("kind"), QStringLiteral("anomaly")}, {QStringLiteral("field"), QStringLiteral("payload.value")}};
    if (parser.isSet(detectorOption)) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(parser.value(detectorOption).toUtf8(), &error);
        if (!document.isObject()) {
            err << "sentinel: --detector is not a JSON object: " << error.errorString() << "\n";
            return 2;
        }
        detectorJson = document.object();
        if (!detectorJson.contains(QLatin1String("field")) && detectorJson.value(QLatin1String("kind")).toString() != QLatin1String("absence"))
            detectorJson.insert(QStringLiteral("field"), QStringLiteral("payload.value"));
    }
    QList<rules::RuleProblem> problems;
    const auto rule = rules::parseRule(QJsonObject{{QStringLiteral("id"), QStringLiteral("series")},
                                                   {QStringLiteral("name"), QStringLiteral("series")},
                                                   {QStringLiteral("severity"), QStringLiteral("WARN")},
                                                   {QStringLiteral("detector"), detectorJson}},
                                       &problems);
    if (!rule) {
        for (const auto &p : problems)
            err << "sentinel: " << p.path << ": " << p.problem << "\n";
        return 2;
    }

    QFile input(parser.value(in));
    if (!input.open(QIODevice::ReadOnly)) {
        err << "sentinel: cannot read " << input.fileName() << ": " << input.errorString() << "\n";
        return 1;
    }
    QList<Row> rows;
    const QList<QByteArray> lines = input.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype comma = line.indexOf(',');
        Row row;
        row.timestampText = line.left(comma);
        row.valueText = line.mid(comma + 1);
        const auto ts = parseTimestamp(row.timestampText);
        bool ok = false;
        row.value = row.valueText.toDouble(&ok);
        if (comma < 0 || !ts || !ok) {
            err << "sentinel: " << input.fileName() << " line " << (i + 1) << ": expected timestamp,value\n";
            return 1;
        }
        row.timestampMs = *ts;
        rows.append(row);
    }

    QList<double> column(rows.size(), 0.0);
    if (parser.isSet(alerts)) {
        // Exactly the engine's path: events through the rule evaluator; 1 where an alert opens.
        rules::RuleEvaluator evaluator;
        evaluator.setRules({*rule});
        core::EventIdGenerator ids;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            core::EventRecord event;
            event.eventId = ids.next(rows[i].timestampMs);
            event.source = QStringLiteral("series");
            event.type = QStringLiteral("value");
            event.timestampMs = rows[i].timestampMs;
            event.payloadJson = "{\"value\":" + QByteArray::number(rows[i].value, 'g', 17) + '}';
            for (const rules::RuleSignal &signal : evaluator.process({event})) {
                if (signal.kind == rules::RuleSignal::Kind::Fired)
                    column[i] = 1;
            }
        }
    } else {
        auto detector = rules::makeGroupDetector(rule->detector);
        if (!detector) {
            err << "sentinel: score-series needs a threshold, statistical or anomaly detector\n";
            return 2;
        }
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (const auto observation = detector->observe(rows[i].timestampMs, rows[i].value))
                column[i] = scoreOf(rule->detector, *observation);
        }
    }

    QFile output(parser.value(out));
    if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        err << "sentinel: cannot write " << output.fileName() << ": " << output.errorString() << "\n";
        return 1;
    }
    QByteArray text = "timestamp,value,anomaly_score\n";
    for (qsizetype i = 0; i < rows.size(); ++i)
        text += rows[i].timestampText + ',' + rows[i].valueText + ',' + QByteArray::number(column[i], 'g', 12) + '\n';
    output.write(text);
    return 0;
}

} // namespace app
