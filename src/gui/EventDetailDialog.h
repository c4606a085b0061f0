#pragma once

#include "core/EventRecord.h"

#include <QDialog>

namespace gui {

// The full event: its fields and the pretty-printed payload. Non-modal, so the operator can
// keep several open beside the live feed. GUI thread.
class EventDetailDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit EventDetailDialog(const core::EventRecord &event, QWidget *parent = nullptr);
};

} // namespace gui
