#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace fieldsync {

// Table-driven description of everything that syncs. The store, the sync engine, the merge function and
// the server validate and move rows by this description, not by code written for one table.
// Every synced value is a JSON string or null except the tombstone field "deleted" (bool).
enum class FieldType {
    Text, // short single-line text
    LongText, // free text merged three-way (description, notes)
    Enum, // one of FieldDef::allowed
    Date, // "yyyy-MM-dd" or empty
    DateTime, // ISO 8601 UTC "yyyy-MM-ddTHH:mm:ss.zzzZ" or empty
    Tombstone // the "deleted" flag, bool
};

struct FieldDef
{
    QString name;
    FieldType type = FieldType::Text;
    QStringList allowed; // for Enum
    int maxLength = 0; // characters; 0 = unlimited
    QString defaultValue;
    bool required = false; // an empty value is refused (title)

    bool isLongText() const { return type == FieldType::LongText; }
};

struct TableDef
{
    QString name;
    QList<FieldDef> fields; // synced fields, including "deleted"; "id" is implicit

    const FieldDef* field(QStringView name) const;
    QStringList fieldNames() const;
    // Empty when the value is valid for the field; otherwise a human-readable reason. Accepted values: a
    // QString or a null QVariant (treated as "") for the text-like types, a bool (or integer 0/1) for the
    // tombstone. Text refuses line breaks; Date is "yyyy-MM-dd" or ""; DateTime is ISO 8601 UTC with 'Z' or "".
    QString validate(const FieldDef& field, const QVariant& value) const;
};

class Schema
{
public:
    static const Schema& instance();
    const TableDef* table(QStringView name) const;
    const QList<TableDef>& tables() const { return m_tables; }

    static const QString WorkOrders; // "work_orders"
    static const QString DeletedField; // "deleted"

private:
    Schema();
    QList<TableDef> m_tables;
};

// Work-order vocabularies, in display order.
namespace WorkOrder {
QStringList statuses(); // pending, scheduled, in_progress, on_hold, completed, cancelled
QStringList priorities(); // low, normal, high, urgent
} // namespace WorkOrder

} // namespace fieldsync
