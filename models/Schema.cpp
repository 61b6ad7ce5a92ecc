#include "Schema.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>

namespace fieldsync {

namespace {

// "YYYY-MM-DD" naming a real day, read by hand: QDate::fromString parses its format string on every call, which
// was 6% of the hub's work for a push of new work orders.
bool isIsoDate(QStringView text)
{
    if (text.size() != 10 || text.at(4) != u'-' || text.at(7) != u'-')
        return false;
    const auto number = [&](int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c < u'0' || c > u'9')
                return -1;
            n = n * 10 + (c - u'0');
        }
        return n;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    return year >= 0 && month >= 0 && day >= 0 && QDate(year, month, day).isValid();
}

} // namespace

const QString Schema::WorkOrders = QStringLiteral("work_orders");
const QString Schema::DeletedField = QStringLiteral("deleted");

namespace WorkOrder {
QStringList statuses()
{
    return { QStringLiteral("pending"), QStringLiteral("scheduled"), QStringLiteral("in_progress"),
        QStringLiteral("on_hold"), QStringLiteral("completed"), QStringLiteral("cancelled") };
}

QStringList priorities()
{
    return { QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"), QStringLiteral("urgent") };
}
} // namespace WorkOrder

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("fieldsync::Schema", text);
}

bool isText(const QVariant& value)
{
    return value.isNull() || value.typeId() == QMetaType::QString;
}

} // namespace

const FieldDef* TableDef::field(QStringView name) const
{
    for (const FieldDef& f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

QStringList TableDef::fieldNames() const
{
    QStringList names;
    names.reserve(fields.size());
    for (const FieldDef& f : fields)
        names << f.name;
    return names;
}

QString TableDef::validate(const FieldDef& field, const QVariant& value) const
{
    if (field.type == FieldType::Tombstone) {
        if (value.typeId() == QMetaType::Bool)
            return {};
        bool ok = false;
        const qlonglong n = value.toLongLong(&ok);
        if (value.typeId() != QMetaType::QString && ok && (n == 0 || n == 1))
            return {};
        return tr("“%1” must be true or false.").arg(field.name);
    }
    if (!isText(value))
        return tr("“%1” must be text.").arg(field.name);
    const QString text = value.toString();
    if (field.required && text.trimmed().isEmpty())
        return tr("“%1” is required.").arg(field.name);
    if (field.maxLength > 0 && text.size() > field.maxLength)
        return tr("“%1” is longer than %2 characters.").arg(field.name).arg(field.maxLength);
    switch (field.type) {
    case FieldType::Text:
        if (text.contains(u'\n') || text.contains(u'\r'))
            return tr("“%1” must be a single line.").arg(field.name);
        break;
    case FieldType::LongText:
        break;
    case FieldType::Enum:
        if (!field.allowed.contains(text))
            return tr("“%1” is not a valid value for “%2” (expected one of: %3).")
                .arg(text, field.name, field.allowed.join(QStringLiteral(", ")));
        break;
    case FieldType::Date:
        if (!text.isEmpty() && !isIsoDate(text))
            return tr("“%1” must be a date written as YYYY-MM-DD.").arg(field.name);
        break;
    case FieldType::DateTime:
        if (!text.isEmpty() && (!text.endsWith(u'Z') || !QDateTime::fromString(text, Qt::ISODateWithMs).isValid()))
            return tr("“%1” must be a UTC date and time in ISO 8601 form.").arg(field.name);
        break;
    case FieldType::Tombstone:
        break;
    }
    return {};
}

const Schema& Schema::instance()
{
    static const Schema schema;
    return schema;
}

const TableDef* Schema::table(QStringView name) const
{
    for (const TableDef& t : m_tables) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

Schema::Schema()
{
    auto text = [](const char* name, int maxLength = 0, bool required = false) {
        FieldDef f;
        f.name = QString::fromLatin1(name);
        f.type = FieldType::Text;
        f.maxLength = maxLength;
        f.required = required;
        return f;
    };
    auto typed = [](const char* name, FieldType type) {
        FieldDef f;
        f.name = QString::fromLatin1(name);
        f.type = type;
        return f;
    };
    auto enumeration = [](const char* name, const QStringList& allowed, const QString& defaultValue) {
        FieldDef f;
        f.name = QString::fromLatin1(name);
        f.type = FieldType::Enum;
        f.allowed = allowed;
        f.defaultValue = defaultValue;
        return f;
    };

    TableDef workOrders;
    workOrders.name = WorkOrders;
    workOrders.fields = {
        text("title", 200, true),
        typed("description", FieldType::LongText),
        enumeration("status", WorkOrder::statuses(), QStringLiteral("pending")),
        enumeration("priority", WorkOrder::priorities(), QStringLiteral("normal")),
        text("customer"),
        text("site"),
        text("asset"),
        text("assigned_to"),
        typed("due_at", FieldType::Date),
        typed("notes", FieldType::LongText),
        typed("created_at", FieldType::DateTime),
        typed("deleted", FieldType::Tombstone),
    };
    m_tables = { workOrders };
}

} // namespace fieldsync
