#include "gui/SilenceDialog.h"

#include "core/Rfc3339.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gui {

SilenceDialog::SilenceDialog(const core::Alert &example, QWidget *parent)
    : QDialog(parent)
    , m_duration(new QComboBox)
    , m_comment(new QLineEdit)
    , m_problem(new QLabel)
{
    setObjectName(QStringLiteral("silenceDialog"));
    setWindowTitle(tr("Silence alerts"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Match")), 0, 0);
    grid->addWidget(new QLabel(tr("Value")), 0, 1);
    grid->addWidget(new QLabel(tr("Regex")), 0, 2);
    const QList<QPair<QString, QString>> prefill = {{QStringLiteral("source"), example.source}, {QStringLiteral("rule"), example.ruleId}, {{}, {}}};
    QStringList names = {QStringLiteral("source"), QStringLiteral("rule"), QStringLiteral("severity")};
    names += example.labels.keys();
    for (qsizetype i = 0; i < prefill.size(); ++i) {
        MatcherRow row{new QComboBox, new QLineEdit, new QCheckBox, new QLabel};
        row.name->setEditable(true);
        row.name->addItem(QString());
        row.name->addItems(names);
        row.name->setCurrentText(prefill[i].first);
        row.name->setObjectName(QStringLiteral("matcherName%1").arg(i));
        row.value->setText(prefill[i].second);
        row.value->setObjectName(QStringLiteral("matcherValue%1").arg(i));
        row.regex->setObjectName(QStringLiteral("matcherRegex%1").arg(i));
        row.problem->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
        grid->addWidget(row.name, int(2 * i + 1), 0);
        grid->addWidget(row.value, int(2 * i + 1), 1);
        grid->addWidget(row.regex, int(2 * i + 1), 2);
        grid->addWidget(row.problem, int(2 * i + 2), 0, 1, 3);
        m_rows.append(row);
    }
    m_duration->setObjectName(QStringLiteral("silenceDuration"));
    for (const auto &[label, minutes] : QList<QPair<QString, int>>{{tr("30 minutes"), 30}, {tr("1 hour"), 60}, {tr("2 hours"), 120},
                                                                  {tr("4 hours"), 240}, {tr("8 hours"), 480}, {tr("1 day"), 1440}})
        m_duration->addItem(label, minutes);
    m_duration->setCurrentIndex(1);
    m_comment->setObjectName(QStringLiteral("silenceComment"));
    m_comment->setPlaceholderText(tr("Why (shown on the alerts and in the audit log)"));
    m_problem->setObjectName(QStringLiteral("silenceProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
    m_problem->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("For"), m_duration);
    form->addRow(tr("Comment"), m_comment);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Silence"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("silenceOk"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SilenceDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

void SilenceDialog::submit()
{
    QJsonArray matchers;
    for (const MatcherRow &row : std::as_const(m_rows)) {
        row.problem->clear();
        if (row.name->currentText().trimmed().isEmpty())
            continue;
        matchers.append(QJsonObject{{QStringLiteral("name"), row.name->currentText().trimmed()},
                                    {QStringLiteral("value"), row.value->text()},
                                    {QStringLiteral("regex"), row.regex->isChecked()}});
    }
    m_problem->clear();
    const qint64 ends = QDateTime::currentMSecsSinceEpoch() + qint64(m_duration->currentData().toInt()) * 60000;
    Q_EMIT submitted(QJsonDocument(QJsonObject{{QStringLiteral("matchers"), matchers},
                                               {QStringLiteral("ends_at"), core::formatRfc3339(ends)},
                                               {QStringLiteral("comment"), m_comment->text()}})
                         .toJson(QJsonDocument::Compact));
}

void SilenceDialog::showProblems(const QJsonObject &errorBody)
{
    QStringList general;
    for (const QJsonValue &detail : errorBody.value(QLatin1String("details")).toArray()) {
        const QString path = detail[QLatin1String("path")].toString();
        const QString problem = detail[QLatin1String("problem")].toString();
        bool placed = false;
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            if (path.startsWith(QStringLiteral("matchers[%1]").arg(i))) {
                m_rows[i].problem->setText(problem);
                placed = true;
            }
        }
        if (!placed)
            general.append(tr("%1: %2").arg(path, problem));
    }
    if (general.isEmpty() && errorBody.value(QLatin1String("details")).toArray().isEmpty())
        general.append(errorBody.value(QLatin1String("error")).toString());
    m_problem->setText(general.join(QLatin1Char('\n')));
}

} // namespace gui
