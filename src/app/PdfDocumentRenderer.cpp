#include "app/PdfDocumentRenderer.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QPdfWriter>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

namespace app {

namespace {

// The Markdown importer makes borderless tables; a report's figures need their grid.
void drawTableGrids(QTextDocument &document)
{
    const auto frames = document.rootFrame()->childFrames();
    for (QTextFrame *frame : frames) {
        auto *table = qobject_cast<QTextTable *>(frame);
        if (!table)
            continue;
        QTextTableFormat format = table->format();
        format.setBorder(0.5);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        format.setBorderBrush(QColor(0x80, 0x80, 0x80));
        format.setBorderCollapse(true);
        format.setCellPadding(3);
        format.setCellSpacing(0);
        format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
        table->setFormat(format);
        for (int column = 0; column < table->columns(); ++column) {
            QTextTableCell header = table->cellAt(0, column);
            QTextCharFormat shaded = header.format();
            shaded.setBackground(QColor(0xe6, 0xe8, 0xec));
            header.setFormat(shaded);
        }
    }
}

} // namespace

QByteArray PdfDocumentRenderer::markdownToPdf(const QString &title, const QString &markdown, QString *error) const
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        *error = QStringLiteral("typesetting needs a GUI application instance (fonts); this process has none");
        return {};
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Sentinel"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageOrientation(QPageLayout::Landscape);
        writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);

        QTextDocument document;
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(8.5);
        document.setDefaultFont(font);
        document.setMarkdown(markdown);
        drawTableGrids(document);
        document.print(&writer);
    }
    if (buffer.data().isEmpty() || !buffer.data().startsWith("%PDF-")) {
        *error = QStringLiteral("QPdfWriter produced no document");
        return {};
    }
    return buffer.data();
}

} // namespace app
