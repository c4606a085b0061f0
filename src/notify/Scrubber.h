#pragma once

#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <optional>

namespace notify {

// What the scrubber looks for beyond its built-in patterns.
struct ScrubbingConfig
{
    QStringList extraPatterns; // regular expressions; a match becomes "[REDACTED]"
    QStringList extraFields;   // JSON keys whose values are withheld whole (case-insensitive)
};

// Removes PHI and PII from everything that leaves the process: US social security numbers,
// phone numbers, e-mail addresses, dates of birth, medical record numbers, street addresses and
// ZIP codes, insurance member ids, payment card numbers (Luhn-checked), IP addresses, secrets
// written as key=value, and the values of sensitive JSON keys. Each find is replaced by a tag
// that says what was there ("[SSN]", "[EMAIL]", …) so a notification still reads sensibly.
// Patterns that need context (a date, a ZIP code, an id) only fire next to a word that says
// what it is, so timestamps, ports, request ids, UUIDs and version numbers pass untouched.
// Immutable after construction; safe to share between threads.
class Scrubber final
{
public:
    explicit Scrubber(const ScrubbingConfig &config = {});

    // Returns `problems` (invalid extra patterns) through the out parameter; valid ones apply.
    static std::optional<Scrubber> create(const ScrubbingConfig &config, QStringList *problems);

    QString scrubText(const QString &text) const;
    // Strings scrubbed recursively; values of sensitive keys replaced whole.
    QJsonValue scrubJson(const QJsonValue &value) const;
    bool isSensitiveField(const QString &key) const;

private:
    struct Pattern
    {
        QRegularExpression expression;
        QString replacement;
        bool luhn = false;  // the digits must pass the Luhn check (payment cards)
        int keepGroup = 0;  // a capture to keep in front of the replacement (the context word)
    };
    QList<Pattern> m_patterns;
    QStringList m_fields;
};

// The Luhn checksum over the digits of `text` (other characters ignored).
bool passesLuhn(const QString &text);

} // namespace notify
