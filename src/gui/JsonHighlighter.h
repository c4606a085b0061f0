#pragma once

#include <QSyntaxHighlighter>

namespace gui {

// Colours JSON for the rule editor: keys, strings, numbers, literals. Line by line, as JSON
// rule documents keep strings on one line.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace gui
