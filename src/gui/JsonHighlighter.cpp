#include "gui/JsonHighlighter.h"

#include <QRegularExpression>

namespace gui {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression strings(QStringLiteral(R"("(?:[^"\\]|\\.)*")"));
    static const QRegularExpression numbers(QStringLiteral(R"(-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)"));
    static const QRegularExpression literals(QStringLiteral(R"(\b(?:true|false|null)\b)"));
    QTextCharFormat number, literal, key, string;
    number.setForeground(QColor(0xd1, 0x9a, 0x66));
    literal.setForeground(QColor(0xc6, 0x78, 0xdd));
    key.setForeground(QColor(0x61, 0xaf, 0xef));
    string.setForeground(QColor(0x98, 0xc3, 0x79));
    for (auto it = numbers.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), number);
    }
    for (auto it = literals.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), literal);
    }
    for (auto it = strings.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        // A string followed by a colon is a key.
        const bool isKey = QStringView(text).mid(m.capturedEnd()).trimmed().startsWith(u':');
        setFormat(int(m.capturedStart()), int(m.capturedLength()), isKey ? key : string);
    }
}

} // namespace gui
