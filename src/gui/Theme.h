#pragma once

class QApplication;

namespace gui {

// The dark NOC theme: low glare for a wall of screens at night, severity colours that stand out.
void applyDarkTheme(QApplication &app);

} // namespace gui
