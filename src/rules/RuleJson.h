#pragma once

#include "rules/Rule.h"

#include <QJsonObject>
#include <optional>

namespace rules {

// One problem with a rule document, located by its JSON path ("detector.window", "match.where[1].op").
struct RuleProblem
{
    QString path;
    QString problem;
    bool operator==(const RuleProblem &) const = default;
};

inline constexpr int ruleFormatVersion = 1;

// The one validator, used by the API, import and the editor: returns the rule, or nothing and
// every problem found. `pathPrefix` locates the rule inside a larger document ("rules[3].").
std::optional<Rule> parseRule(const QJsonObject &json, QList<RuleProblem> *problems, const QString &pathPrefix = {});

// The canonical document: every field, defaults included, so export -> import -> export is
// byte-identical (QJsonDocument writes object keys sorted).
QJsonObject ruleToJson(const Rule &rule);

// A slug for an id derived from the name: "Checkout latency high" -> "checkout-latency-high".
QString slugify(const QString &name);

QString compareOpName(CompareOp op);
QString aggregateName(Aggregate aggregate);
bool evaluateCompare(CompareOp op, double left, double right);

} // namespace rules
