#pragma once

#include <QDate>
#include <QRandomGenerator>
#include <QStringList>

namespace fieldsync {

// Deterministic, realistic work orders for demos and benchmarks (HVAC, plumbing, electrical, elevators).
// The n-th order depends only on the anchor date and n's position in the sequence, never on the clock.
class DemoData
{
public:
    explicit DemoData(QDate anchor);
    // Values in Schema work_orders field order, without "deleted": title, description, status, priority,
    // customer, site, asset, assigned_to, due_at, notes, created_at.
    QStringList next();

private:
    QDate m_anchor;
    QRandomGenerator m_rng;
    QStringList m_customerSites;
};

} // namespace fieldsync
