#pragma once

#include <QDialog>
#include <QJsonObject>
#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace gui {

// A JSON document with highlighting and live validation: every problem the validator finds (with
// its path) appears under the editor as the operator types; Save only when there are none.
// The caller sends the document and reports the engine's answer. GUI thread.
class JsonEditorDialog : public QDialog
{
    Q_OBJECT

public:
    using Validator = std::function<QStringList(const QJsonObject &)>;

    JsonEditorDialog(const QString &title, const QString &text, Validator validator, QWidget *parent = nullptr);
    QString text() const;
    void setText(const QString &text);
    void showServerError(const QByteArray &errorBody);

Q_SIGNALS:
    void saveRequested(const QByteArray &document);

private:
    void validate();

    Validator m_validator;
    QPlainTextEdit *m_editor;
    QLabel *m_problems;
    QPushButton *m_save;
    QTimer *m_delay;
};

} // namespace gui
