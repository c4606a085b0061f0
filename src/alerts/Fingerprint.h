#pragma once

#include <QMap>
#include <QString>

namespace alerts {

// The dedup key of an alert: the rule and its group_by values. Stable across restarts and
// versions (SHA-256 of a canonical text, first 16 hex digits).
QString fingerprint(const QString &ruleId, const QMap<QString, QString> &groupLabels);

} // namespace alerts
