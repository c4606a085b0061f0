#pragma once

class QApplication;
class QLabel;
class QString;

namespace gui {

// The dark NOC theme: low glare for a wall of screens at night, severity colours that stand out.
void applyDarkTheme(QApplication &app);
// A red, word-wrapped label for the problems found in the field above it.
QLabel *makeProblemLabel(const QString &objectName);

} // namespace gui
