#pragma once

#include "slo/SloMath.h"

#include <QJsonObject>
#include <QString>

namespace slo {

// Where an SLO stands for the report: below its objective over the window, meeting it but
// burning faster than the budget allows, or fine.
enum class Compliance { Violated, AtRisk, Met };
QString complianceName(Compliance compliance); // "violated", "at_risk", "met"

struct ReportEntry
{
    SloSpec spec;
    Status status;
    Prediction prediction;
    qint64 windowStartMs = 0;
    Compliance compliance = Compliance::Met;
    QString fastestWindow; // the status window burning fastest, empty with no burn
    double fastestBurn = 0;
};

ReportEntry reportEntry(const SloSpec &spec, const MinuteRollup &rollup, qint64 nowMs);

// The compliance of every SLO at one instant, worst first (violated, at risk, met; least
// budget left first within each).
struct ComplianceReport
{
    qint64 generatedAtMs = 0;
    QList<ReportEntry> entries;

    void sort();
    int count(Compliance compliance) const;
};

// The JSON shapes the API shares between status, predict and the report.
QJsonObject statusToJson(const SloSpec &spec, const Status &status);
QJsonObject predictionToJson(const Prediction &prediction);

QJsonObject reportToJson(const ComplianceReport &report);
// GitHub-flavoured Markdown: a summary table, then a section per SLO. Also the source the PDF
// is typeset from, so both read the same.
QString reportToMarkdown(const ComplianceReport &report);

} // namespace slo
