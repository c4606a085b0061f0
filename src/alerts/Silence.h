#pragma once

#include "core/Alert.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <optional>

namespace alerts {

// {"name": "source" | "rule" | "severity" | a label, "value": ..., "regex": false}
struct SilenceMatcher
{
    QString name;
    QString value;
    bool regex = false;
    QRegularExpression pattern; // compiled, anchored, when regex
};

struct Silence
{
    QString id;
    QList<SilenceMatcher> matchers;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    QString comment;
    QString createdBy;
    qint64 createdAtMs = 0;

    bool isActiveAt(qint64 ms) const { return startsAtMs <= ms && ms < endsAtMs; }
    // Every matcher must match (as in Alertmanager).
    bool matches(const core::Alert &alert) const;
};

struct SilenceProblem
{
    QString path;
    QString problem;
};

// Validates a silence document; `nowMs` is the default start.
std::optional<Silence> parseSilence(const QJsonObject &json, qint64 nowMs, QList<SilenceProblem> *problems);
QJsonObject silenceToJson(const Silence &silence);

} // namespace alerts
