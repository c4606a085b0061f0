#pragma once

#include "core/Severity.h"

#include <QColor>

namespace models {

// The NOC palette: a severity is recognisable by colour from across the room.
QColor severityColor(core::Severity severity);

} // namespace models
