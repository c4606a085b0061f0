#include "gui/Theme.h"

#include <QLabel>

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace gui {

void applyDarkTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x1b, 0x1f, 0x27);
    const QColor base(0x13, 0x16, 0x1c);
    const QColor text(0xd8, 0xde, 0xe9);
    const QColor accent(0x3a, 0x8f, 0xd9);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x19, 0x1d, 0x24));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x26, 0x2b, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::PlaceholderText, QColor(0x6c, 0x76, 0x86));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x5c, 0x64, 0x70));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x5c, 0x64, 0x70));
    app.setPalette(p);
    app.setStyleSheet(QStringLiteral(
        "QDockWidget::title { background: #232833; padding: 4px 8px; font-weight: bold; }"
        "QHeaderView::section { background: #232833; color: #aab4c3; border: none; border-right: 1px solid #2e3440; padding: 4px; }"
        "QTableView { gridline-color: #252a33; selection-background-color: #2c5d8f; }"
        "QStatusBar { background: #161a21; color: #aab4c3; }"
        "QStatusBar QLabel { padding: 0 10px; }"));
}

QLabel *makeProblemLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
    return label;
}

} // namespace gui
