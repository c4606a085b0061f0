#include "models/SeverityStyle.h"

namespace models {

QColor severityColor(core::Severity severity)
{
    switch (severity) {
    case core::Severity::Info: return QColor(0x8f, 0xa6, 0xbf);
    case core::Severity::Warn: return QColor(0xf2, 0xb1, 0x34);
    case core::Severity::Error: return QColor(0xf2, 0x6b, 0x3a);
    case core::Severity::Critical: return QColor(0xff, 0x3b, 0x5c);
    }
    return QColor(Qt::gray);
}

} // namespace models
