#pragma once

#include "rules/Rule.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace gui {

// A rule as JSON, with highlighting and live validation by the same validator the API uses:
// every problem with its path appears under the editor as the operator types. Save is enabled
// only for a valid document. GUI thread.
class RuleEditorDialog final : public QDialog
{
    Q_OBJECT

public:
    // `existing` empty: a new rule from a template.
    explicit RuleEditorDialog(const std::optional<rules::Rule> &existing, QWidget *parent = nullptr);
    QString text() const;
    void setText(const QString &text);
    void showServerError(const QByteArray &errorBody);
    bool isNew() const { return m_isNew; }
    QString ruleId() const { return m_ruleId; }

Q_SIGNALS:
    void saveRequested(const QByteArray &document);

private:
    void validate();

    QPlainTextEdit *m_editor;
    QLabel *m_problems;
    QPushButton *m_save;
    QTimer *m_delay;
    bool m_isNew;
    QString m_ruleId;
};

} // namespace gui
