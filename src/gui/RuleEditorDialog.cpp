#include "gui/RuleEditorDialog.h"

#include "rules/RuleJson.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace gui {

namespace {

const char *const ruleTemplate = R"({
    "name": "New rule",
    "severity": "WARN",
    "match": {"source": "checkout", "min_severity": "INFO", "where": []},
    "detector": {"kind": "threshold", "field": "payload.latency_ms", "aggregate": "p95", "window": "1m", "op": ">", "value": 500},
    "for": "2m",
    "keep_firing_for": "1m",
    "group_by": ["source"],
    "labels": {}
}
)";

JsonEditorDialog::Validator ruleValidator(bool isNew, const QString &ruleId)
{
    return [isNew, ruleId](const QJsonObject &json) {
        QStringList lines;
        QList<rules::RuleProblem> problems;
        if (!rules::parseRule(json, &problems)) {
            for (const auto &p : problems)
                lines.append(QStringLiteral("%1: %2").arg(p.path, p.problem));
        } else if (!isNew && json.value(QLatin1String("id")).toString() != ruleId) {
            lines.append(QCoreApplication::translate("gui::RuleEditorDialog", "id: cannot be changed (create a new rule)"));
        }
        return lines;
    };
}

} // namespace

RuleEditorDialog::RuleEditorDialog(const std::optional<rules::Rule> &existing, QWidget *parent)
    : JsonEditorDialog(existing ? tr("Edit rule %1").arg(existing->id) : tr("New rule"),
                       existing ? QString::fromUtf8(QJsonDocument(rules::ruleToJson(*existing)).toJson(QJsonDocument::Indented))
                                : QString::fromUtf8(ruleTemplate),
                       ruleValidator(!existing, existing ? existing->id : QString()), parent)
    , m_isNew(!existing)
    , m_ruleId(existing ? existing->id : QString())
{
    setObjectName(QStringLiteral("ruleEditorDialog"));
}

} // namespace gui
