#include "notify/Schedule.h"

#include "core/Rfc3339.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace notify {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

qint64 boundary(const Rotation &r, qint64 shift, const QTimeZone &zone)
{
    return QDateTime(r.start.addDays(shift * r.periodDays), r.handoff, zone).toMSecsSinceEpoch();
}

std::optional<OnCallMember> parseMember(const QJsonValue &json, const QString &path, const QStringList &knownChannels, QList<ConfigProblem> *problems)
{
    const QJsonObject o = json.toObject();
    OnCallMember m;
    m.name = o.value(QLatin1String("name")).toString();
    if (m.name.isEmpty())
        problems->append({path + QStringLiteral(".name"), QStringLiteral("is required")});
    const QJsonArray channels = o.value(QLatin1String("channels")).toArray();
    if (channels.isEmpty())
        problems->append({path + QStringLiteral(".channels"), QStringLiteral("is required: the channels that reach this person")});
    for (qsizetype i = 0; i < channels.size(); ++i) {
        const QString c = channels[i].toString();
        if (!knownChannels.contains(c))
            problems->append({QStringLiteral("%1.channels[%2]").arg(path).arg(i), QStringLiteral("no channel named \"%1\"").arg(c)});
        m.channels.append(c);
    }
    return m;
}

} // namespace

QList<OnCallShift> Schedule::onCallAt(qint64 atMs) const
{
    const QTimeZone zone(timeZone);
    QList<OnCallShift> shifts;
    for (const Rotation &r : rotations) {
        if (r.members.isEmpty())
            continue;
        // The shift index from the local date, corrected when `at` is before that day's handover.
        const QDate localDate = QDateTime::fromMSecsSinceEpoch(atMs, zone).date();
        qint64 k = floorDiv(r.start.daysTo(localDate), r.periodDays);
        if (atMs < boundary(r, k, zone))
            --k;
        OnCallShift shift;
        shift.rotation = r.name;
        shift.member = r.members[int(((k % r.members.size()) + r.members.size()) % r.members.size())];
        shift.startsAtMs = boundary(r, k, zone);
        shift.endsAtMs = boundary(r, k + 1, zone);
        for (const Override &o : overrides) {
            if ((o.rotation.isEmpty() || o.rotation == r.name) && atMs >= o.fromMs && atMs < o.untilMs) {
                shift.member = o.member;
                shift.startsAtMs = o.fromMs;
                shift.endsAtMs = o.untilMs;
                shift.overridden = true;
            }
        }
        shifts.append(shift);
    }
    return shifts;
}

std::optional<Schedule> parseSchedule(const QString &name, const QJsonObject &json, const QStringList &knownChannels, QList<ConfigProblem> *problems)
{
    const qsizetype before = problems->size();
    Schedule s;
    s.name = name;
    s.timeZone = json.value(QLatin1String("timezone")).toString(QStringLiteral("UTC")).toUtf8();
    if (!QTimeZone(s.timeZone).isValid())
        problems->append({QStringLiteral("timezone"), QStringLiteral("must be an IANA timezone such as Europe/Berlin")});
    const QJsonArray rotations = json.value(QLatin1String("rotations")).toArray();
    if (rotations.isEmpty())
        problems->append({QStringLiteral("rotations"), QStringLiteral("is required: at least one rotation")});
    static const QRegularExpression hhmm(QStringLiteral("^([01]\\d|2[0-3]):([0-5]\\d)$"));
    for (qsizetype i = 0; i < rotations.size(); ++i) {
        const QString path = QStringLiteral("rotations[%1]").arg(i);
        const QJsonObject o = rotations[i].toObject();
        Rotation r;
        r.name = o.value(QLatin1String("name")).toString(QStringLiteral("rotation-%1").arg(i + 1));
        const QString kind = o.value(QLatin1String("kind")).toString(QStringLiteral("weekly"));
        if (kind == QLatin1String("daily"))
            r.periodDays = 1;
        else if (kind != QLatin1String("weekly"))
            problems->append({path + QStringLiteral(".kind"), QStringLiteral("must be daily or weekly")});
        r.start = QDate::fromString(o.value(QLatin1String("start")).toString(), Qt::ISODate);
        if (!r.start.isValid())
            problems->append({path + QStringLiteral(".start"), QStringLiteral("is required: the local date (YYYY-MM-DD) the first member starts")});
        const auto m = hhmm.match(o.value(QLatin1String("handoff")).toString(QStringLiteral("09:00")));
        if (!m.hasMatch())
            problems->append({path + QStringLiteral(".handoff"), QStringLiteral("must be a local time HH:MM")});
        else
            r.handoff = QTime(m.captured(1).toInt(), m.captured(2).toInt());
        const QJsonArray members = o.value(QLatin1String("members")).toArray();
        if (members.isEmpty())
            problems->append({path + QStringLiteral(".members"), QStringLiteral("is required: at least one member")});
        for (qsizetype j = 0; j < members.size(); ++j) {
            if (auto member = parseMember(members[j], QStringLiteral("%1.members[%2]").arg(path).arg(j), knownChannels, problems))
                r.members.append(*member);
        }
        s.rotations.append(r);
    }
    const QJsonArray overrides = json.value(QLatin1String("overrides")).toArray();
    for (qsizetype i = 0; i < overrides.size(); ++i) {
        const QString path = QStringLiteral("overrides[%1]").arg(i);
        const QJsonObject o = overrides[i].toObject();
        Override ov;
        ov.rotation = o.value(QLatin1String("rotation")).toString();
        const auto from = core::parseRfc3339(o.value(QLatin1String("from")).toString());
        const auto until = core::parseRfc3339(o.value(QLatin1String("until")).toString());
        if (!from)
            problems->append({path + QStringLiteral(".from"), QStringLiteral("must be an RFC 3339 time")});
        if (!until || (from && *until <= *from))
            problems->append({path + QStringLiteral(".until"), QStringLiteral("must be an RFC 3339 time after from")});
        ov.fromMs = from.value_or(0);
        ov.untilMs = until.value_or(0);
        if (auto member = parseMember(o.value(QLatin1String("member")), path + QStringLiteral(".member"), knownChannels, problems))
            ov.member = *member;
        if (!ov.rotation.isEmpty() && std::none_of(s.rotations.cbegin(), s.rotations.cend(), [&](const Rotation &r) { return r.name == ov.rotation; }))
            problems->append({path + QStringLiteral(".rotation"), QStringLiteral("no rotation named \"%1\"").arg(ov.rotation)});
        s.overrides.append(ov);
    }
    if (problems->size() != before)
        return std::nullopt;
    return s;
}

namespace {

QJsonObject memberToJson(const OnCallMember &m)
{
    return QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("channels"), QJsonArray::fromStringList(m.channels)}};
}

} // namespace

QJsonObject scheduleToJson(const Schedule &schedule)
{
    QJsonArray rotations;
    for (const Rotation &r : schedule.rotations) {
        QJsonArray members;
        for (const OnCallMember &m : r.members)
            members.append(memberToJson(m));
        rotations.append(QJsonObject{{QStringLiteral("name"), r.name},
                                     {QStringLiteral("kind"), r.periodDays == 1 ? QStringLiteral("daily") : QStringLiteral("weekly")},
                                     {QStringLiteral("start"), r.start.toString(Qt::ISODate)},
                                     {QStringLiteral("handoff"), r.handoff.toString(QStringLiteral("HH:mm"))},
                                     {QStringLiteral("members"), members}});
    }
    QJsonArray overrides;
    for (const Override &o : schedule.overrides) {
        QJsonObject json{{QStringLiteral("from"), core::formatRfc3339(o.fromMs)},
                         {QStringLiteral("until"), core::formatRfc3339(o.untilMs)},
                         {QStringLiteral("member"), memberToJson(o.member)}};
        if (!o.rotation.isEmpty())
            json.insert(QStringLiteral("rotation"), o.rotation);
        overrides.append(json);
    }
    return QJsonObject{{QStringLiteral("name"), schedule.name},
                       {QStringLiteral("timezone"), QString::fromUtf8(schedule.timeZone)},
                       {QStringLiteral("rotations"), rotations},
                       {QStringLiteral("overrides"), overrides}};
}

QJsonObject shiftToJson(const OnCallShift &shift)
{
    return QJsonObject{{QStringLiteral("rotation"), shift.rotation},
                       {QStringLiteral("member"), memberToJson(shift.member)},
                       {QStringLiteral("starts_at"), core::formatRfc3339(shift.startsAtMs)},
                       {QStringLiteral("ends_at"), core::formatRfc3339(shift.endsAtMs)},
                       {QStringLiteral("override"), shift.overridden}};
}

} // namespace notify
