#include "gui/JsonEditorDialog.h"

#include "gui/JsonHighlighter.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace gui {

JsonEditorDialog::JsonEditorDialog(const QString &title, const QString &text, Validator validator, QWidget *parent)
    : QDialog(parent)
    , m_validator(std::move(validator))
    , m_editor(new QPlainTextEdit)
    , m_problems(new QLabel)
    , m_save(nullptr)
    , m_delay(new QTimer(this))
{
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    resize(720, 560);
    m_editor->setObjectName(QStringLiteral("jsonEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabStopDistance(4 * m_editor->fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    new JsonHighlighter(m_editor->document());
    m_editor->setPlainText(text);
    m_problems->setObjectName(QStringLiteral("jsonProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for several problems at once, so none is clipped while the layout catches up.
    m_problems->setMinimumHeight(m_problems->fontMetrics().lineSpacing() * 5);
    m_problems->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("jsonSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { Q_EMIT saveRequested(this->text().toUtf8()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_delay->setSingleShot(true);
    m_delay->setInterval(150);
    connect(m_editor, &QPlainTextEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &JsonEditorDialog::validate);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    validate();
}

QString JsonEditorDialog::text() const
{
    return m_editor->toPlainText();
}

void JsonEditorDialog::setText(const QString &text)
{
    m_editor->setPlainText(text);
    validate();
}

void JsonEditorDialog::validate()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text().toUtf8(), &error);
    QStringList lines;
    if (!document.isObject())
        lines.append(document.isNull() ? tr("Not JSON yet: %1 (at character %2)").arg(error.errorString()).arg(error.offset)
                                       : tr("The document must be a JSON object"));
    else
        lines = m_validator(document.object());
    m_save->setEnabled(lines.isEmpty());
    m_problems->setText(lines.isEmpty() ? tr("✓ Valid") : lines.join(QLatin1Char('\n')));
    m_problems->setStyleSheet(lines.isEmpty() ? QStringLiteral("color: #7fd17f;") : QStringLiteral("color: #ff6b6b;"));
}

void JsonEditorDialog::showServerError(const QByteArray &errorBody)
{
    const QJsonObject o = QJsonDocument::fromJson(errorBody).object();
    QStringList lines{o.value(QLatin1String("error")).toString()};
    for (const QJsonValue &d : o.value(QLatin1String("details")).toArray())
        lines.append(tr("%1: %2").arg(d[QLatin1String("path")].toString(), d[QLatin1String("problem")].toString()));
    m_problems->setText(lines.join(QLatin1Char('\n')));
    m_problems->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
}

} // namespace gui
