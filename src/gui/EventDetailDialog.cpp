#include "gui/EventDetailDialog.h"

#include "core/Rfc3339.h"
#include "models/SeverityStyle.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace gui {

EventDetailDialog::EventDetailDialog(const core::EventRecord &event, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("eventDetailDialog"));
    setWindowTitle(tr("Event %1").arg(event.eventId.toString(QUuid::WithoutBraces)));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(640, 520);

    auto *form = new QFormLayout;
    const auto addField = [&](const QString &label, const QString &value, const char *name) {
        auto *field = new QLabel(value);
        field->setObjectName(QLatin1String(name));
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, field);
        return field;
    };
    addField(tr("Event id"), event.eventId.toString(QUuid::WithoutBraces), "eventIdLabel");
    addField(tr("Time"), core::formatRfc3339(event.timestampMs), "timeLabel");
    addField(tr("Received"), core::formatRfc3339(event.receivedMs), "receivedLabel");
    addField(tr("Source"), event.source, "sourceLabel");
    addField(tr("Type"), event.type, "typeLabel");
    QLabel *severity = addField(tr("Severity"), core::severityName(event.severity), "severityLabel");
    severity->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(models::severityColor(event.severity).name()));

    auto *payload = new QPlainTextEdit;
    payload->setObjectName(QStringLiteral("payloadView"));
    payload->setReadOnly(true);
    payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    payload->setPlainText(QString::fromUtf8(QJsonDocument::fromJson(event.payloadJson).toJson(QJsonDocument::Indented)));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Payload")));
    layout->addWidget(payload, 1);
    layout->addWidget(buttons);
}

} // namespace gui
