#include "services/SloCounter.h"

#include "rules/EventFields.h"
#include "rules/RuleEvaluator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace services {

struct SloCounter::Group
{
    SloSli sli;                             // the first member's; thresholds aside, all are equal
    rules::EventMatch goodMatch;            // ratio: sli.good as a match
    std::vector<double> thresholds;         // latency: distinct, ascending
    // Members and the bucket up to which an event is good for them: latency, the index of their
    // threshold; ratio, 0 (bucket 0 good, bucket 1 bad).
    std::vector<std::pair<SloTracker *, size_t>> members;
    // Minute -> events per bucket. Latency: bucket i holds values in (thresholds[i-1],
    // thresholds[i]]; the last, values above every threshold.
    std::map<qint64, std::vector<qint64>> minutes;
    qint64 lastMinute = -1;
    std::vector<qint64> *lastBuckets = nullptr;

    size_t bucketCount() const { return sli.kind == SloSli::Kind::Latency ? thresholds.size() + 1 : 2; }

    void count(const rules::EventFields &fields)
    {
        if (!rules::matchesEvent(sli.valid, fields))
            return;
        size_t bucket = 0;
        if (sli.kind == SloSli::Kind::Latency) {
            const double value = fields.number(sli.field);
            if (std::isnan(value))
                return; // without the measurement the event says nothing
            bucket = size_t(std::lower_bound(thresholds.begin(), thresholds.end(), value) - thresholds.begin());
        } else {
            bucket = rules::matchesEvent(goodMatch, fields) ? 0 : 1;
        }
        const qint64 minute = fields.event().timestampMs / 60000 * 60000;
        if (minute != lastMinute || !lastBuckets) {
            auto [it, inserted] = minutes.try_emplace(minute);
            if (inserted)
                it->second.assign(bucketCount(), 0);
            lastMinute = minute;
            lastBuckets = &it->second;
        }
        ++(*lastBuckets)[bucket];
    }
};

SloCounter::SloCounter() = default;
SloCounter::~SloCounter() = default;

void SloCounter::setTrackers(const QList<std::shared_ptr<SloTracker>> &trackers)
{
    m_groups.clear();
    m_bySource.clear();
    m_anySource.clear();
    QHash<QByteArray, Group *> byKey;
    for (const auto &tracker : trackers) {
        Group *&group = byKey[tracker->sli().groupKey];
        if (!group) {
            m_groups.push_back(std::make_unique<Group>());
            group = m_groups.back().get();
            group->sli = tracker->sli();
            group->goodMatch.where = group->sli.good;
            (group->sli.valid.source.isEmpty() ? m_anySource : m_bySource[group->sli.valid.source]).push_back(group);
        }
        group->members.emplace_back(tracker.get(), 0);
        if (group->sli.kind == SloSli::Kind::Latency)
            group->thresholds.push_back(tracker->sli().threshold);
    }
    for (const auto &group : m_groups) {
        std::sort(group->thresholds.begin(), group->thresholds.end());
        group->thresholds.erase(std::unique(group->thresholds.begin(), group->thresholds.end()), group->thresholds.end());
        if (group->sli.kind != SloSli::Kind::Latency)
            continue;
        for (auto &[tracker, bucket] : group->members)
            bucket = size_t(std::lower_bound(group->thresholds.begin(), group->thresholds.end(), tracker->sli().threshold) - group->thresholds.begin());
    }
}

void SloCounter::count(const core::EventList &events)
{
    if (m_groups.empty())
        return;
    for (const core::EventRecord &event : events) {
        const rules::EventFields fields(event);
        if (const auto it = m_bySource.constFind(event.source); it != m_bySource.cend()) {
            for (Group *group : *it)
                group->count(fields);
        }
        for (Group *group : m_anySource)
            group->count(fields);
    }
}

QHash<QString, QMap<qint64, storage::MinuteCounts>> SloCounter::takeCounted()
{
    QHash<QString, QMap<qint64, storage::MinuteCounts>> counted;
    std::vector<qint64> cumulative;
    for (const auto &group : m_groups) {
        for (const auto &[minute, buckets] : group->minutes) {
            cumulative.resize(buckets.size());
            std::partial_sum(buckets.begin(), buckets.end(), cumulative.begin());
            const qint64 valid = cumulative.back();
            for (const auto &[tracker, goodUpTo] : group->members) {
                const qint64 good = cumulative[goodUpTo];
                tracker->addCounts(minute, good, valid);
                counted[tracker->spec().id].insert(minute, {minute, good, valid});
            }
        }
        group->minutes.clear();
        group->lastBuckets = nullptr;
        group->lastMinute = -1;
    }
    return counted;
}

} // namespace services
