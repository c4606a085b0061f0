#pragma once

#include "core/EventRecord.h"
#include "services/SloTracker.h"

#include <QHash>
#include <memory>
#include <vector>

namespace services {

// Counts committed events for every SLO at once. SLOs whose SLIs are the same but for a latency
// threshold form one group: the group matches an event and reads its measured field once, and one
// binary search over the group's sorted thresholds tells which of its SLOs call the event good.
// Counts gather per group and minute as threshold buckets and are spread to the SLOs once per
// batch, so the cost per event grows with the number of distinct SLIs, not of SLOs.
// Single-threaded; owned by the alert service's thread.
class SloCounter final
{
public:
    SloCounter();
    ~SloCounter();
    SloCounter(const SloCounter &) = delete;
    SloCounter &operator=(const SloCounter &) = delete;

    // The SLOs to count for; call again whenever the set or an SLI changes. Counts not yet taken
    // are dropped, so take them first.
    void setTrackers(const QList<std::shared_ptr<SloTracker>> &trackers);
    void count(const core::EventList &events);
    // Adds what was counted since the last call to each SLO's rollup and returns it, per SLO id
    // and minute, for the store.
    QHash<QString, QMap<qint64, storage::MinuteCounts>> takeCounted();
    int groupCount() const { return int(m_groups.size()); }

private:
    struct Group;
    std::vector<std::unique_ptr<Group>> m_groups;
    QHash<QString, std::vector<Group *>> m_bySource; // valid.source -> groups
    std::vector<Group *> m_anySource;                // groups whose SLI takes any source
};

} // namespace services
