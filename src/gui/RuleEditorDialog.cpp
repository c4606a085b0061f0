#include "gui/RuleEditorDialog.h"

#include "gui/JsonHighlighter.h"
#include "rules/RuleJson.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

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

} // namespace

RuleEditorDialog::RuleEditorDialog(const std::optional<rules::Rule> &existing, QWidget *parent)
    : QDialog(parent)
    , m_editor(new QPlainTextEdit)
    , m_problems(new QLabel)
    , m_save(nullptr)
    , m_delay(new QTimer(this))
    , m_isNew(!existing)
    , m_ruleId(existing ? existing->id : QString())
{
    setObjectName(QStringLiteral("ruleEditorDialog"));
    setWindowTitle(existing ? tr("Edit rule %1").arg(existing->id) : tr("New rule"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(720, 560);
    m_editor->setObjectName(QStringLiteral("ruleEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabStopDistance(4 * m_editor->fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    new JsonHighlighter(m_editor->document());
    m_editor->setPlainText(existing ? QString::fromUtf8(QJsonDocument(rules::ruleToJson(*existing)).toJson(QJsonDocument::Indented))
                                    : QString::fromUtf8(ruleTemplate));
    m_problems->setObjectName(QStringLiteral("ruleProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for several problems at once, so none is clipped while the layout catches up.
    m_problems->setMinimumHeight(m_problems->fontMetrics().lineSpacing() * 5);
    m_problems->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("ruleSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { Q_EMIT saveRequested(text().toUtf8()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_delay->setSingleShot(true);
    m_delay->setInterval(150);
    connect(m_editor, &QPlainTextEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &RuleEditorDialog::validate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    validate();
}

QString RuleEditorDialog::text() const
{
    return m_editor->toPlainText();
}

void RuleEditorDialog::setText(const QString &text)
{
    m_editor->setPlainText(text);
    validate();
}

void RuleEditorDialog::validate()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text().toUtf8(), &error);
    QStringList lines;
    if (!document.isObject()) {
        lines.append(document.isNull() ? tr("Not JSON yet: %1 (at character %2)").arg(error.errorString()).arg(error.offset)
                                       : tr("A rule is a JSON object"));
    } else {
        QList<rules::RuleProblem> problems;
        if (!rules::parseRule(document.object(), &problems))
            for (const auto &p : problems)
                lines.append(tr("%1: %2").arg(p.path, p.problem));
        else if (!m_isNew && document.object().value(QLatin1String("id")).toString() != m_ruleId)
            lines.append(tr("id: cannot be changed (create a new rule)"));
    }
    m_save->setEnabled(lines.isEmpty());
    m_problems->setText(lines.isEmpty() ? tr("✓ Valid") : lines.join(QLatin1Char('\n')));
    m_problems->setStyleSheet(lines.isEmpty() ? QStringLiteral("color: #7fd17f;") : QStringLiteral("color: #ff6b6b;"));
}

void RuleEditorDialog::showServerError(const QByteArray &errorBody)
{
    const QJsonObject o = QJsonDocument::fromJson(errorBody).object();
    QStringList lines{o.value(QLatin1String("error")).toString()};
    for (const QJsonValue &d : o.value(QLatin1String("details")).toArray())
        lines.append(tr("%1: %2").arg(d[QLatin1String("path")].toString(), d[QLatin1String("problem")].toString()));
    m_problems->setText(lines.join(QLatin1Char('\n')));
    m_problems->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
}

} // namespace gui
