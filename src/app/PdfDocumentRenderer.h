#pragma once

#include "core/Interfaces.h"

namespace app {

// Markdown to PDF with Qt's own typesetter (QTextDocument) and QPdfWriter: A4 landscape so a
// report's table keeps its columns. Needs a QGuiApplication (fonts); `--headless` runs one on
// the offscreen platform for this.
class PdfDocumentRenderer final : public core::DocumentRenderer
{
public:
    QByteArray markdownToPdf(const QString &title, const QString &markdown, QString *error) const override;
};

} // namespace app
