#pragma once

#include "core/Severity.h"

#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace rules {

enum class CompareOp { Equal, NotEqual, Greater, GreaterOrEqual, Less, LessOrEqual, Contains, Matches };

struct WhereClause
{
    QString field;
    CompareOp op = CompareOp::Equal;
    QJsonValue value;
    QRegularExpression regex; // for Matches, compiled once
};

// Which events a rule looks at.
struct EventMatch
{
    QString source; // exact; empty = any
    QString type;   // exact; empty = any
    core::Severity minSeverity = core::Severity::Info;
    QList<WhereClause> where;
};

enum class DetectorKind { Threshold, Absence, Statistical, Anomaly };
enum class Aggregate { None, Count, Rate, Avg, Min, Max, Sum, P50, P90, P95, P99 };
enum class StatisticalMethod { ZScore, Ewma, Mad };

struct DetectorSpec
{
    DetectorKind kind = DetectorKind::Threshold;
    QString field;                       // threshold (except count/rate), statistical, anomaly
    Aggregate aggregate = Aggregate::None;
    qint64 windowMs = 0;                 // threshold aggregates and statistical history
    CompareOp op = CompareOp::Greater;   // threshold
    double value = 0;                    // threshold
    qint64 afterMs = 0;                  // absence
    StatisticalMethod method = StatisticalMethod::ZScore;
    double sensitivity = 3;              // statistical: deviations; anomaly: 1 (lenient) .. 10 (strict)
};

// A rule, version 1 of the format documented in docs/rules.md.
struct Rule
{
    QString id;
    QString name;
    QString description;
    bool enabled = true;
    core::Severity severity = core::Severity::Warn;
    EventMatch match;
    DetectorSpec detector;
    qint64 forMs = 0;
    qint64 keepFiringForMs = 0;
    QStringList groupBy;
    QMap<QString, QString> labels;
    QString runbookUrl;
    QStringList hooks;               // remediation hooks offered for its alerts
    QString autoRemediateHook;       // run when an alert of this rule opens; empty: never
    qint64 autoRemediateCooldownMs = 15 * 60 * 1000; // at most once per alert group in this time
};

} // namespace rules

Q_DECLARE_METATYPE(rules::Rule)
