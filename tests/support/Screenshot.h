#pragma once

#include <QString>

class QWidget;

namespace testsupport {

// Saves the widget as $SENTINEL_SCREENSHOT_DIR/NAME.png for a person to look at, and fails the
// test when the picture looks blank or garbled (a rendered pane has many colours).
void saveScreenshot(QWidget *widget, const QString &name);

} // namespace testsupport
