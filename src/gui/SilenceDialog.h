#pragma once

#include "core/Alert.h"

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace gui {

// Silence alerts like this one: matchers prefilled from the alert (its service and rule),
// a duration and a comment. The engine validates; its problems are shown next to the fields.
class SilenceDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit SilenceDialog(const core::Alert &example, QWidget *parent = nullptr);
    void showProblems(const QJsonObject &errorBody);

Q_SIGNALS:
    void submitted(const QByteArray &document);

private:
    struct MatcherRow
    {
        QComboBox *name;
        QLineEdit *value;
        QCheckBox *regex;
        QLabel *problem;
    };
    void submit();

    QList<MatcherRow> m_rows;
    QComboBox *m_duration;
    QLineEdit *m_comment;
    QLabel *m_problem;
};

} // namespace gui
