#include "notify/Scrubber.h"

#include <QJsonArray>
#include <QJsonObject>

namespace notify {

namespace {

const QString redacted = QStringLiteral("[REDACTED]");

// Each pattern: the expression, its tag, whether the digits must pass Luhn, and the capture
// (the context words) kept in front of the tag. Order matters: secrets and tagged ids first, so
// their digits are not taken for phone numbers or cards; IP addresses before phone numbers.
struct BuiltIn
{
    const char *pattern;
    const char *tag;
    bool luhn;
    int keepGroup;
};

// clang-format off
const BuiltIn builtIns[] = {
    // "key": "value" and key=value secrets (a quoted value keeps its quotes)
    {R"re((?i)\b((?:password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|api[_-]?key|access[_-]?key)["']?\s*[=:]\s*(["']))(?:(?!\2).)*(?=\2))re", "[REDACTED]", false, 1},
    {R"re((?i)\b((?:password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|api[_-]?key|access[_-]?key)["']?\s*[=:]\s*)[^\s,;&"'}]+)re", "[REDACTED]", false, 1},
    {R"re((?i)\b(authorization["']?\s*[=:]\s*["']?)(?:(?:bearer|basic|token|digest)\s+)?[A-Za-z0-9._~+/=-]+)re", "[REDACTED]", false, 1},
    {R"re((?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,})re", "[REDACTED]", false, 1},
    {R"re(\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)re", "[EMAIL]", false, 0},
    // dates of birth, only next to a word that says so: bare dates are timestamps in logs
    {R"re((?i)\b((?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)["']?\s*[:=#]?\s*["']?)(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}))re", "[DOB]", false, 1},
    {R"re((?i)\b((?:mrn|medical\s+record(?:\s+(?:number|no\.?|#))?|patient\s+(?:id|number|no\.?))["']?\s*[:=#]?\s*["']?)(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})re", "[MRN]", false, 1},
    {R"re((?i)\b((?:(?:member|subscriber|insurance|medicaid|medicare)\s*(?:id|no\.?|number|#)|policy\s*(?:number|no\.?|#))["']?\s*[:=#]?\s*["']?)(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})re", "[MEMBER_ID]", false, 1},
    {R"re((?i)\b((?:ssn|social\s+security(?:\s+(?:number|no\.?))?)["']?\s*[:=#]?\s*["']?)\d{9}\b)re", "[SSN]", false, 1},
    {R"re(\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b)re", "[SSN]", false, 0},
    // payment cards: an issuer's prefix, 13 to 19 digits, optionally in groups, and Luhn
    {R"re((?<![\w-])(?:4\d{3}|5[1-5]\d{2}|2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]\d{2}|6(?:011|5\d\d|4[4-9]\d))(?:[ -]?\d){9,15}(?![\w-]))re", "[CARD]", true, 0},
    {R"re((?<![\w.])(?<!version )(?<!ver )(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.]))re", "[IP]", false, 0},
    {R"re((?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:]))re", "[IP]", false, 0},
    {R"re((?<![\w:])(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})(?![\w:]))re", "[IP]", false, 0},
    {R"re((?<![\w.+-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-]))re", "[PHONE]", false, 0},
    {R"re((?<![\w+])\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,5}(?![\w-]))re", "[PHONE]", false, 0},
    {R"re(\b\d{1,6}\s+(?:[A-Z][A-Za-z]*\.?\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?\s+(?:Apt|Suite|Ste|Unit|#)\s*[A-Za-z0-9-]+)?)re", "[ADDRESS]", false, 0},
    // ZIP codes after a state code or the word itself: a bare five-digit number is a port or a count
    {R"re(\b((?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY),?\s+)\d{5}(?:-\d{4})?\b)re", "[ZIP]", false, 1},
    {R"re((?i)\b((?:zip(?:\s*code)?|postal\s*code)["']?\s*[:=#]?\s*["']?)\d{5}(?:-\d{4})?\b)re", "[ZIP]", false, 1},
};
// clang-format on

const QStringList defaultFields{QStringLiteral("password"), QStringLiteral("passwd"), QStringLiteral("pwd"), QStringLiteral("secret"),
                                QStringLiteral("token"), QStringLiteral("api_key"), QStringLiteral("apikey"), QStringLiteral("authorization"),
                                QStringLiteral("auth"), QStringLiteral("cookie"), QStringLiteral("set_cookie"), QStringLiteral("session"),
                                QStringLiteral("ssn"), QStringLiteral("credit_card"), QStringLiteral("card_number"), QStringLiteral("cvv"),
                                QStringLiteral("dob"), QStringLiteral("date_of_birth"), QStringLiteral("birthdate"), QStringLiteral("mrn"),
                                QStringLiteral("private_key"), QStringLiteral("routing_key")};

QString normalizedKey(const QString &key)
{
    QString k = key.toLower();
    k.replace(QLatin1Char('-'), QLatin1Char('_'));
    return k;
}

} // namespace

bool passesLuhn(const QString &text)
{
    int sum = 0;
    int digits = 0;
    for (qsizetype i = text.size() - 1; i >= 0; --i) {
        if (!text[i].isDigit())
            continue;
        int d = text[i].digitValue();
        if (digits % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        ++digits;
    }
    return digits >= 12 && sum % 10 == 0;
}

Scrubber::Scrubber(const ScrubbingConfig &config)
{
    for (const BuiltIn &b : builtIns) {
        QRegularExpression expression(QString::fromUtf8(b.pattern), QRegularExpression::UseUnicodePropertiesOption);
        Q_ASSERT_X(expression.isValid(), "Scrubber", qPrintable(expression.errorString()));
        expression.optimize();
        m_patterns.append({expression, QString::fromLatin1(b.tag), b.luhn, b.keepGroup});
    }
    for (const QString &extra : config.extraPatterns) {
        QRegularExpression expression(extra);
        if (expression.isValid())
            m_patterns.append({expression, redacted, false, 0});
    }
    m_fields = defaultFields;
    for (const QString &field : config.extraFields)
        m_fields.append(normalizedKey(field));
}

std::optional<Scrubber> Scrubber::create(const ScrubbingConfig &config, QStringList *problems)
{
    for (qsizetype i = 0; i < config.extraPatterns.size(); ++i) {
        const QRegularExpression expression(config.extraPatterns[i]);
        if (!expression.isValid())
            problems->append(QStringLiteral("patterns[%1]: %2").arg(i).arg(expression.errorString()));
    }
    if (!problems->isEmpty())
        return std::nullopt;
    return Scrubber(config);
}

bool Scrubber::isSensitiveField(const QString &key) const
{
    const QString k = normalizedKey(key);
    if (m_fields.contains(k))
        return true;
    // db_password, client_secret, githubToken, x_api_key: the tell-tale word ends the name
    return k.contains(QLatin1String("password")) || k.contains(QLatin1String("passwd")) || k.endsWith(QLatin1String("secret"))
        || k.endsWith(QLatin1String("token")) || k.endsWith(QLatin1String("api_key")) || k.endsWith(QLatin1String("apikey"));
}

QString Scrubber::scrubText(const QString &text) const
{
    QString out = text;
    for (const Pattern &p : m_patterns) {
        QString result;
        qsizetype last = 0;
        bool changed = false;
        auto it = p.expression.globalMatch(out);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (p.luhn && !passesLuhn(m.captured(0)))
                continue;
            result += QStringView(out).mid(last, m.capturedStart(0) - last);
            if (p.keepGroup > 0)
                result += m.captured(p.keepGroup);
            result += p.replacement;
            last = m.capturedEnd(0);
            changed = true;
        }
        if (changed) {
            result += QStringView(out).mid(last);
            out = result;
        }
    }
    return out;
}

QJsonValue Scrubber::scrubJson(const QJsonValue &value) const
{
    switch (value.type()) {
    case QJsonValue::String:
        return scrubText(value.toString());
    case QJsonValue::Array: {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(scrubJson(item));
        return array;
    }
    case QJsonValue::Object: {
        QJsonObject object;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            object.insert(it.key(), isSensitiveField(it.key()) ? QJsonValue(redacted) : scrubJson(it.value()));
        return object;
    }
    default:
        return value;
    }
}

} // namespace notify
