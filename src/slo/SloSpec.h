#pragma once

#include "core/Severity.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace slo {

// The compliance window: rolling N days, or the calendar month in a timezone.
struct SloWindow
{
    enum class Kind { Rolling, CalendarMonth };
    Kind kind = Kind::Rolling;
    int days = 30;             // Rolling
    QByteArray timeZone = "UTC"; // CalendarMonth, an IANA id

    // Where the window that contains `nowMs` begins (Unix ms).
    qint64 startAt(qint64 nowMs) const;
    // The window's length at `nowMs` (a calendar month is 28 to 31 days, and 1 h shorter or
    // longer across a DST change).
    qint64 lengthAt(qint64 nowMs) const;
    QString name() const; // "30d", "calendar_month"
};

// One row of the alerting table: page when both windows burn faster than the threshold.
struct BurnPolicy
{
    QString name;  // "page", "ticket"
    core::Severity severity = core::Severity::Critical;
    qint64 longWindowMs = 0;
    qint64 shortWindowMs = 0;
    double burnRate = 1;
};

// The Google SRE Workbook table for a 30-day window (as Sloth and Pyrra generate it): page at
// 14.4x over 1 h and 5 min, or 6x over 6 h and 30 min; ticket at 1x over 3 d and 6 h.
QList<BurnPolicy> defaultPolicies();

struct SloSpec
{
    QString id;
    QString name;
    QString service;
    double objective = 0.999;
    SloWindow window;
    QList<BurnPolicy> policies = defaultPolicies();
    QJsonObject sli; // kept as given; classified by the service layer
};

struct SloProblem
{
    QString path;
    QString problem;
};

// Validates everything but the SLI's matchers (which belong to the rules module).
std::optional<SloSpec> parseSloSpec(const QJsonObject &json, QList<SloProblem> *problems);
QJsonObject sloSpecToJson(const SloSpec &spec);

} // namespace slo
