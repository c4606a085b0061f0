#pragma once

#include "gui/JsonEditorDialog.h"
#include "rules/Rule.h"

#include <optional>

namespace gui {

// A rule in the JSON editor, validated by the same validator the API uses. GUI thread.
class RuleEditorDialog final : public JsonEditorDialog
{
    Q_OBJECT

public:
    // `existing` empty: a new rule from a template.
    explicit RuleEditorDialog(const std::optional<rules::Rule> &existing, QWidget *parent = nullptr);
    bool isNew() const { return m_isNew; }
    QString ruleId() const { return m_ruleId; }

private:
    bool m_isNew;
    QString m_ruleId;
};

} // namespace gui
