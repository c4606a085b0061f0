#include "rules/RuleJson.h"

#include "core/Duration.h"
#include "rules/EventFields.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

namespace rules {

using core::formatDuration;
using core::parseDuration;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("rules::RuleJson", text);
}

const QList<QPair<QString, CompareOp>> &compareOps()
{
    static const QList<QPair<QString, CompareOp>> ops = {
        {QStringLiteral("=="), CompareOp::Equal},         {QStringLiteral("!="), CompareOp::NotEqual},
        {QStringLiteral(">"), CompareOp::Greater},        {QStringLiteral(">="), CompareOp::GreaterOrEqual},
        {QStringLiteral("<"), CompareOp::Less},           {QStringLiteral("<="), CompareOp::LessOrEqual},
        {QStringLiteral("contains"), CompareOp::Contains}, {QStringLiteral("matches"), CompareOp::Matches}};
    return ops;
}

const QList<QPair<QString, Aggregate>> &aggregates()
{
    static const QList<QPair<QString, Aggregate>> list = {
        {QStringLiteral("count"), Aggregate::Count}, {QStringLiteral("rate"), Aggregate::Rate},
        {QStringLiteral("avg"), Aggregate::Avg},     {QStringLiteral("min"), Aggregate::Min},
        {QStringLiteral("max"), Aggregate::Max},     {QStringLiteral("sum"), Aggregate::Sum},
        {QStringLiteral("p50"), Aggregate::P50},     {QStringLiteral("p90"), Aggregate::P90},
        {QStringLiteral("p95"), Aggregate::P95},     {QStringLiteral("p99"), Aggregate::P99}};
    return list;
}

template<typename T>
QStringList names(const QList<QPair<QString, T>> &list)
{
    QStringList out;
    for (const auto &entry : list)
        out.append(entry.first);
    return out;
}

// Reads fields one by one, recording problems with their paths; knows which keys it has seen
// so unknown ones can be reported.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path, QList<RuleProblem> *problems)
        : m_object(object)
        , m_path(std::move(path))
        , m_problems(problems)
    {
    }

    void problem(const QString &key, const QString &text) { m_problems->append({m_path + key, text}); }
    QString at(const QString &key) const { return m_path + key; }
    bool has(const QString &key)
    {
        m_seen.append(key);
        return m_object.contains(key);
    }
    QJsonValue value(const QString &key)
    {
        m_seen.append(key);
        return m_object.value(key);
    }

    QString string(const QString &key, bool required, int maxLength = 256)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                problem(key, tr("is required"));
            return {};
        }
        if (!v.isString()) {
            problem(key, tr("must be a string"));
            return {};
        }
        if (v.toString().size() > maxLength)
            problem(key, tr("is longer than %1 characters").arg(maxLength));
        return v.toString();
    }

    std::optional<qint64> duration(const QString &key, bool required)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                problem(key, tr("is required (a duration such as 30s, 5m, 1h or 7d)"));
            return std::nullopt;
        }
        const auto ms = v.isString() ? parseDuration(v.toString()) : std::nullopt;
        if (!ms) {
            problem(key, tr("must be a duration such as 30s, 5m, 1h or 7d"));
            return std::nullopt;
        }
        return ms;
    }

    std::optional<double> number(const QString &key, bool required)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                problem(key, tr("is required"));
            return std::nullopt;
        }
        if (!v.isDouble()) {
            problem(key, tr("must be a number"));
            return std::nullopt;
        }
        return v.toDouble();
    }

    QString field(const QString &key, bool required)
    {
        const QString path = string(key, required);
        if (!path.isEmpty() && !isValidFieldPath(path))
            problem(key, tr("must be source, type, severity, event_id, timestamp or payload.<path>"));
        return path;
    }

    // When the shape is unknown (an unknown detector kind), the other keys cannot be judged.
    void acceptAll()
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            m_seen.append(it.key());
    }

    void reportUnknown()
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_seen.contains(it.key()))
                problem(it.key(), tr("is not a field here"));
        }
    }

private:
    const QJsonObject &m_object;
    QString m_path;
    QList<RuleProblem> *m_problems;
    QStringList m_seen;
};

std::optional<CompareOp> readOp(Reader &reader, const QString &key, bool onlyNumeric)
{
    const QString name = reader.string(key, true);
    if (name.isEmpty())
        return std::nullopt;
    for (const auto &[opName, op] : compareOps()) {
        if (opName == name) {
            if (onlyNumeric && (op == CompareOp::Contains || op == CompareOp::Matches))
                break;
            return op;
        }
    }
    QStringList allowed = names(compareOps());
    if (onlyNumeric)
        allowed = allowed.mid(0, 6);
    reader.problem(key, tr("must be one of %1").arg(allowed.join(QLatin1String(" "))));
    return std::nullopt;
}

void readMatch(const QJsonValue &value, const QString &path, Rule *rule, QList<RuleProblem> *problems)
{
    if (value.isUndefined() || value.isNull())
        return; // every event
    if (!value.isObject()) {
        problems->append({path, tr("must be an object")});
        return;
    }
    const QJsonObject object = value.toObject();
    Reader reader(object, path + QLatin1Char('.'), problems);
    rule->match.source = reader.string(QStringLiteral("source"), false, 128);
    rule->match.type = reader.string(QStringLiteral("type"), false, 128);
    const QString severity = reader.string(QStringLiteral("min_severity"), false);
    if (!severity.isEmpty()) {
        if (const auto s = core::parseSeverity(severity))
            rule->match.minSeverity = *s;
        else
            reader.problem(QStringLiteral("min_severity"), tr("must be one of INFO, WARN, ERROR, CRITICAL"));
    }
    const QJsonValue where = reader.value(QStringLiteral("where"));
    if (!where.isUndefined() && !where.isArray()) {
        reader.problem(QStringLiteral("where"), tr("must be an array of conditions"));
    } else {
        const QJsonArray clauses = where.toArray();
        for (qsizetype i = 0; i < clauses.size(); ++i) {
            const QString clausePath = path + QStringLiteral(".where[%1]").arg(i);
            if (!clauses[i].isObject()) {
                problems->append({clausePath, tr("must be an object with field, op and value")});
                continue;
            }
            const QJsonObject clauseObject = clauses[i].toObject();
            Reader clause(clauseObject, clausePath + QLatin1Char('.'), problems);
            WhereClause w;
            w.field = clause.field(QStringLiteral("field"), true);
            const auto op = readOp(clause, QStringLiteral("op"), false);
            if (!clause.has(QStringLiteral("value")))
                clause.problem(QStringLiteral("value"), tr("is required"));
            w.value = clause.value(QStringLiteral("value"));
            if (op) {
                w.op = *op;
                const bool ordering = *op == CompareOp::Greater || *op == CompareOp::GreaterOrEqual || *op == CompareOp::Less
                    || *op == CompareOp::LessOrEqual;
                if (ordering && !w.value.isDouble() && !w.value.isUndefined())
                    clause.problem(QStringLiteral("value"), tr("must be a number for %1").arg(compareOpName(*op)));
                if ((*op == CompareOp::Contains || *op == CompareOp::Matches) && !w.value.isString() && !w.value.isUndefined())
                    clause.problem(QStringLiteral("value"), tr("must be a string for %1").arg(compareOpName(*op)));
                if (*op == CompareOp::Matches && w.value.isString()) {
                    w.regex.setPattern(w.value.toString());
                    if (!w.regex.isValid())
                        clause.problem(QStringLiteral("value"), tr("is not a valid regular expression: %1").arg(w.regex.errorString()));
                    w.regex.optimize();
                }
            }
            clause.reportUnknown();
            rule->match.where.append(w);
        }
    }
    reader.reportUnknown();
}

void readDetector(const QJsonValue &value, const QString &path, Rule *rule, QList<RuleProblem> *problems)
{
    if (!value.isObject()) {
        problems->append({path, value.isUndefined() ? tr("is required") : tr("must be an object")});
        return;
    }
    const QJsonObject object = value.toObject();
    Reader reader(object, path + QLatin1Char('.'), problems);
    DetectorSpec &d = rule->detector;
    const QString kind = reader.string(QStringLiteral("kind"), true);
    if (kind == QLatin1String("threshold")) {
        d.kind = DetectorKind::Threshold;
        const QString aggregate = reader.string(QStringLiteral("aggregate"), false);
        d.aggregate = Aggregate::None;
        if (!aggregate.isEmpty()) {
            bool found = false;
            for (const auto &[name, a] : aggregates()) {
                if (name == aggregate) {
                    d.aggregate = a;
                    found = true;
                }
            }
            if (!found)
                reader.problem(QStringLiteral("aggregate"), tr("must be one of %1").arg(names(aggregates()).join(QLatin1String(", "))));
        }
        const bool needsField = d.aggregate != Aggregate::Count && d.aggregate != Aggregate::Rate;
        d.field = reader.field(QStringLiteral("field"), needsField);
        if (!aggregate.isEmpty()) {
            if (const auto window = reader.duration(QStringLiteral("window"), true)) {
                d.windowMs = *window;
                if (d.windowMs <= 0)
                    reader.problem(QStringLiteral("window"), tr("must be longer than 0s"));
            }
        } else if (reader.has(QStringLiteral("window"))) {
            reader.problem(QStringLiteral("window"), tr("needs an aggregate (count, rate, avg, min, max, sum, p50, p90, p95, p99)"));
        }
        if (const auto op = readOp(reader, QStringLiteral("op"), true))
            d.op = *op;
        if (const auto v = reader.number(QStringLiteral("value"), true))
            d.value = *v;
    } else if (kind == QLatin1String("absence")) {
        d.kind = DetectorKind::Absence;
        if (const auto after = reader.duration(QStringLiteral("after"), true)) {
            d.afterMs = *after;
            if (d.afterMs <= 0)
                reader.problem(QStringLiteral("after"), tr("must be longer than 0s"));
        }
    } else if (kind == QLatin1String("statistical")) {
        d.kind = DetectorKind::Statistical;
        const QString method = reader.string(QStringLiteral("method"), true);
        if (method == QLatin1String("zscore"))
            d.method = StatisticalMethod::ZScore;
        else if (method == QLatin1String("ewma"))
            d.method = StatisticalMethod::Ewma;
        else if (method == QLatin1String("mad"))
            d.method = StatisticalMethod::Mad;
        else if (!method.isEmpty())
            reader.problem(QStringLiteral("method"), tr("must be one of zscore, ewma, mad"));
        d.field = reader.field(QStringLiteral("field"), true);
        d.sensitivity = reader.number(QStringLiteral("sensitivity"), false).value_or(3);
        if (d.sensitivity <= 0)
            reader.problem(QStringLiteral("sensitivity"), tr("must be greater than 0 (deviations from normal)"));
        if (const auto window = reader.duration(QStringLiteral("window"), true))
            d.windowMs = *window;
    } else if (kind == QLatin1String("anomaly")) {
        d.kind = DetectorKind::Anomaly;
        d.field = reader.field(QStringLiteral("field"), true);
        d.sensitivity = reader.number(QStringLiteral("sensitivity"), false).value_or(5);
        if (d.sensitivity < 1 || d.sensitivity > 10)
            reader.problem(QStringLiteral("sensitivity"), tr("must be from 1 (fewest alerts) to 10 (most)"));
    } else if (!kind.isEmpty()) {
        reader.problem(QStringLiteral("kind"), tr("must be one of threshold, absence, statistical, anomaly"));
        reader.acceptAll();
    }
    reader.reportUnknown();
}

} // namespace

QString compareOpName(CompareOp op)
{
    for (const auto &[name, candidate] : compareOps()) {
        if (candidate == op)
            return name;
    }
    return {};
}

QString aggregateName(Aggregate aggregate)
{
    for (const auto &[name, candidate] : aggregates()) {
        if (candidate == aggregate)
            return name;
    }
    return {};
}

bool evaluateCompare(CompareOp op, double left, double right)
{
    switch (op) {
    case CompareOp::Equal: return left == right;
    case CompareOp::NotEqual: return left != right;
    case CompareOp::Greater: return left > right;
    case CompareOp::GreaterOrEqual: return left >= right;
    case CompareOp::Less: return left < right;
    case CompareOp::LessOrEqual: return left <= right;
    case CompareOp::Contains:
    case CompareOp::Matches: return false;
    }
    return false;
}

QString slugify(const QString &name)
{
    QString slug;
    bool dash = false;
    for (const QChar c : name.normalized(QString::NormalizationForm_KD)) {
        if (c.isLetterOrNumber() && c.unicode() < 128) {
            slug += c.toLower();
            dash = false;
        } else if (!dash && !slug.isEmpty()) {
            slug += QLatin1Char('-');
            dash = true;
        }
    }
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    return slug.left(64);
}

std::optional<Rule> parseRule(const QJsonObject &json, QList<RuleProblem> *problems, const QString &pathPrefix)
{
    const qsizetype before = problems->size();
    Rule rule;
    Reader reader(json, pathPrefix, problems);
    rule.name = reader.string(QStringLiteral("name"), true, 200);
    if (!rule.name.isEmpty() && rule.name.trimmed().isEmpty())
        reader.problem(QStringLiteral("name"), tr("must not be blank"));
    rule.id = reader.string(QStringLiteral("id"), false, 64);
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9._-]*$"));
    if (rule.id.isEmpty())
        rule.id = slugify(rule.name);
    else if (!idPattern.match(rule.id).hasMatch())
        reader.problem(QStringLiteral("id"), tr("must be lower-case letters, digits, '.', '_' or '-'"));
    if (rule.id.isEmpty() && !rule.name.isEmpty())
        reader.problem(QStringLiteral("id"), tr("cannot be derived from this name; give one"));
    rule.description = reader.string(QStringLiteral("description"), false, 2000);
    const QJsonValue enabled = reader.value(QStringLiteral("enabled"));
    if (!enabled.isUndefined() && !enabled.isBool())
        reader.problem(QStringLiteral("enabled"), tr("must be true or false"));
    rule.enabled = enabled.toBool(true);
    const QString severity = reader.string(QStringLiteral("severity"), true);
    if (!severity.isEmpty()) {
        if (const auto s = core::parseSeverity(severity))
            rule.severity = *s;
        else
            reader.problem(QStringLiteral("severity"), tr("must be one of INFO, WARN, ERROR, CRITICAL"));
    }
    readMatch(reader.value(QStringLiteral("match")), pathPrefix + QStringLiteral("match"), &rule, problems);
    readDetector(reader.value(QStringLiteral("detector")), pathPrefix + QStringLiteral("detector"), &rule, problems);
    rule.forMs = reader.duration(QStringLiteral("for"), false).value_or(0);
    rule.keepFiringForMs = reader.duration(QStringLiteral("keep_firing_for"), false).value_or(0);
    const QJsonValue groupBy = reader.value(QStringLiteral("group_by"));
    if (!groupBy.isUndefined() && !groupBy.isArray()) {
        reader.problem(QStringLiteral("group_by"), tr("must be an array of field paths"));
    } else {
        const QJsonArray fields = groupBy.toArray();
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const QString field = fields[i].toString();
            if (!fields[i].isString() || !isValidFieldPath(field))
                problems->append({pathPrefix + QStringLiteral("group_by[%1]").arg(i), tr("must be a field path such as source or payload.host")});
            else
                rule.groupBy.append(field);
        }
    }
    const QJsonValue labels = reader.value(QStringLiteral("labels"));
    if (!labels.isUndefined() && !labels.isObject()) {
        reader.problem(QStringLiteral("labels"), tr("must be an object of strings"));
    } else {
        const QJsonObject labelObject = labels.toObject();
        for (auto it = labelObject.begin(); it != labelObject.end(); ++it) {
            if (!it.value().isString())
                problems->append({pathPrefix + QStringLiteral("labels.") + it.key(), tr("must be a string")});
            else
                rule.labels.insert(it.key(), it.value().toString());
        }
    }
    rule.runbookUrl = reader.string(QStringLiteral("runbook_url"), false, 2000);
    const QJsonValue hooks = reader.value(QStringLiteral("hooks"));
    if (!hooks.isUndefined() && !hooks.isArray())
        reader.problem(QStringLiteral("hooks"), tr("must be an array of hook names"));
    for (const QJsonValue &hook : hooks.toArray())
        rule.hooks.append(hook.toString());
    const QJsonValue autoRemediate = reader.value(QStringLiteral("auto_remediate"));
    if (!autoRemediate.isUndefined() && !autoRemediate.isNull()) {
        const QJsonObject o = autoRemediate.toObject();
        rule.autoRemediateHook = o.value(QLatin1String("hook")).toString();
        if (!autoRemediate.isObject() || rule.autoRemediateHook.isEmpty())
            problems->append({pathPrefix + QStringLiteral("auto_remediate.hook"), tr("is required: the name of the hook to run when an alert opens")});
        if (o.contains(QLatin1String("cooldown"))) {
            const auto cooldown = o.value(QLatin1String("cooldown")).isString() ? parseDuration(o.value(QLatin1String("cooldown")).toString()) : std::nullopt;
            if (!cooldown)
                problems->append({pathPrefix + QStringLiteral("auto_remediate.cooldown"), tr("must be a duration such as \"15m\"")});
            else
                rule.autoRemediateCooldownMs = *cooldown;
        }
    }
    reader.has(QStringLiteral("version")); // tolerated: export documents carry it per file
    reader.reportUnknown();
    if (problems->size() != before)
        return std::nullopt;
    return rule;
}

QJsonObject ruleToJson(const Rule &rule)
{
    QJsonArray where;
    for (const WhereClause &w : rule.match.where)
        where.append(QJsonObject{{QStringLiteral("field"), w.field}, {QStringLiteral("op"), compareOpName(w.op)}, {QStringLiteral("value"), w.value}});
    QJsonObject match{{QStringLiteral("min_severity"), core::severityName(rule.match.minSeverity)}, {QStringLiteral("where"), where}};
    if (!rule.match.source.isEmpty())
        match.insert(QStringLiteral("source"), rule.match.source);
    if (!rule.match.type.isEmpty())
        match.insert(QStringLiteral("type"), rule.match.type);

    const DetectorSpec &d = rule.detector;
    QJsonObject detector;
    switch (d.kind) {
    case DetectorKind::Threshold:
        detector.insert(QStringLiteral("kind"), QStringLiteral("threshold"));
        if (!d.field.isEmpty())
            detector.insert(QStringLiteral("field"), d.field);
        if (d.aggregate != Aggregate::None) {
            detector.insert(QStringLiteral("aggregate"), aggregateName(d.aggregate));
            detector.insert(QStringLiteral("window"), formatDuration(d.windowMs));
        }
        detector.insert(QStringLiteral("op"), compareOpName(d.op));
        detector.insert(QStringLiteral("value"), d.value);
        break;
    case DetectorKind::Absence:
        detector.insert(QStringLiteral("kind"), QStringLiteral("absence"));
        detector.insert(QStringLiteral("after"), formatDuration(d.afterMs));
        break;
    case DetectorKind::Statistical: {
        static const char *methods[] = {"zscore", "ewma", "mad"};
        detector.insert(QStringLiteral("kind"), QStringLiteral("statistical"));
        detector.insert(QStringLiteral("method"), QLatin1String(methods[int(d.method)]));
        detector.insert(QStringLiteral("field"), d.field);
        detector.insert(QStringLiteral("sensitivity"), d.sensitivity);
        detector.insert(QStringLiteral("window"), formatDuration(d.windowMs));
        break;
    }
    case DetectorKind::Anomaly:
        detector.insert(QStringLiteral("kind"), QStringLiteral("anomaly"));
        detector.insert(QStringLiteral("field"), d.field);
        detector.insert(QStringLiteral("sensitivity"), d.sensitivity);
        break;
    }
    QJsonObject labels;
    for (auto it = rule.labels.cbegin(); it != rule.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    QJsonObject json{{QStringLiteral("id"), rule.id},
                       {QStringLiteral("name"), rule.name},
                       {QStringLiteral("description"), rule.description},
                       {QStringLiteral("enabled"), rule.enabled},
                       {QStringLiteral("severity"), core::severityName(rule.severity)},
                       {QStringLiteral("match"), match},
                       {QStringLiteral("detector"), detector},
                       {QStringLiteral("for"), formatDuration(rule.forMs)},
                       {QStringLiteral("keep_firing_for"), formatDuration(rule.keepFiringForMs)},
                       {QStringLiteral("group_by"), QJsonArray::fromStringList(rule.groupBy)},
                       {QStringLiteral("labels"), labels},
                       {QStringLiteral("runbook_url"), rule.runbookUrl},
                       {QStringLiteral("hooks"), QJsonArray::fromStringList(rule.hooks)}};
    if (!rule.autoRemediateHook.isEmpty())
        json.insert(QStringLiteral("auto_remediate"), QJsonObject{{QStringLiteral("hook"), rule.autoRemediateHook},
                                                                  {QStringLiteral("cooldown"), formatDuration(rule.autoRemediateCooldownMs)}});
    return json;
}

} // namespace rules
