<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>FieldLabels</name>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Asset</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Deleted</translation>
    </message>
</context>
<context>
    <name>StoreOpener</name>
    <message>
        <source>The data folder %1 does not exist.

Create it, or start FieldSync with --data-dir pointing to an existing folder.</source>
        <translation>The data folder %1 does not exist.

Create it, or start FieldSync with --data-dir pointing to an existing folder.</translation>
    </message>
    <message>
        <source>The work-order database %1 is read-only, so FieldSync could not save your edits.

Check the permissions of the file and its folder. The file was not changed.</source>
        <translation>The work-order database %1 is read-only, so FieldSync could not save your edits.

Check the permissions of the file and its folder. The file was not changed.</translation>
    </message>
    <message>
        <source>The file %1 is not a readable FieldSync database; it may be damaged.

It was left exactly as it is. Restore it from a backup, or move it aside to start with an empty store; unsynced edits in it can only come back from a backup.</source>
        <translation>The file %1 is not a readable FieldSync database; it may be damaged.

It was left exactly as it is. Restore it from a backup, or move it aside to start with an empty store; unsynced edits in it can only come back from a backup.</translation>
    </message>
    <message>
        <source>The database %1 was created by a newer version of FieldSync.

Install the newer version to open it. The file was not changed.</source>
        <translation>The database %1 was created by a newer version of FieldSync.

Install the newer version to open it. The file was not changed.</translation>
    </message>
    <message>
        <source>FieldSync could not open the database %1.

The file was not changed.</source>
        <translation>FieldSync could not open the database %1.

The file was not changed.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Details: %1</translation>
    </message>
    <message>
        <source>FieldSync cannot open its data</source>
        <translation>FieldSync cannot open its data</translation>
    </message>
</context>
<context>
    <name>fieldsync::ConflictsDialog</name>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Someone else changed the same field while you were offline. The hub kept one value; nothing was thrown away. Restore your value to make it the current one again, or keep the current value.</source>
        <translation>Someone else changed the same field while you were offline. The hub kept one value; nothing was thrown away. Restore your value to make it the current one again, or keep the current value.</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>My value</source>
        <translation>My value</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Other value</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Restore my value</source>
        <translation>Restore my value</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Keep current value</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>not deleted</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>The conflicts could not be read.</source>
        <translation>The conflicts could not be read.</translation>
    </message>
    <message>
        <source>Your value is the current one.</source>
        <translation>Your value is the current one.</translation>
    </message>
    <message>
        <source>Your value could not be restored: %1</source>
        <translation>Your value could not be restored: %1</translation>
    </message>
    <message>
        <source>The conflict could not be marked as resolved: %1</source>
        <translation>The conflict could not be marked as resolved: %1</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetClient</name>
    <message>
        <source>No hub configured.</source>
        <translation>No hub configured.</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetConflictModel</name>
    <message>
        <source>deleted</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>not deleted</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Work order …%1</source>
        <translation>Work order …%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Current value</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>Written by</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Other value</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Recorded</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetDeviceModel</name>
    <message>
        <source>Healthy</source>
        <translation>Healthy</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Stale: not seen for over %1</source>
        <translation>Stale: not seen for over %1</translation>
    </message>
    <message>
        <source>High sync latency: p95 above %1</source>
        <translation>High sync latency: p95 above %1</translation>
    </message>
    <message>
        <source>Integrity audit failed</source>
        <translation>Integrity audit failed</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>just now</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>match</source>
        <translation>match</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>repaired</translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation>mismatch</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>0 s</source>
        <translation>0 s</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>−%1</source>
        <translation>−%1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <source>Unsynced</source>
        <translation>Unsynced</translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation>Latency p50</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latency p95</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Last audit</source>
        <translation>Last audit</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>Clock skew</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>App version</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetEventModel</name>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantine</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>pushed %1</source>
        <translation>pushed %1</translation>
    </message>
    <message>
        <source>pulled %1</source>
        <translation>pulled %1</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message>
        <source>result: %1</source>
        <translation>result: %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>nothing to exchange</source>
        <translation>nothing to exchange</translation>
    </message>
    <message>
        <source>integrity audit finished</source>
        <translation>integrity audit finished</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetPanel</name>
    <message>
        <source>Settled: %1 · %2 is now “%3”.</source>
        <translation>Settled: %1 · %2 is now “%3”.</translation>
    </message>
    <message>
        <source>devices</source>
        <translation>devices</translation>
    </message>
    <message>
        <source>average latency, last hour</source>
        <translation>average latency, last hour</translation>
    </message>
    <message>
        <source>p95 latency, last hour</source>
        <translation>p95 latency, last hour</translation>
    </message>
    <message>
        <source>unsynced changes</source>
        <translation>unsynced changes</translation>
    </message>
    <message>
        <source>open conflicts</source>
        <translation>open conflicts</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Fetch the fleet&apos;s state now</source>
        <translation>Fetch the fleet&apos;s state now</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Fleet sync latency</source>
        <translation>Fleet sync latency</translation>
    </message>
    <message>
        <source>Average latency (min)</source>
        <translation>Average latency (min)</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Current value</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Other value</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Keep current value</translation>
    </message>
    <message>
        <source>Keep other value</source>
        <translation>Keep other value</translation>
    </message>
    <message>
        <source>No open conflicts in the fleet.</source>
        <translation>No open conflicts in the fleet.</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>Alarm threshold (%1)</source>
        <translation>Alarm threshold (%1)</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <source>Waiting for the hub…</source>
        <translation>Waiting for the hub…</translation>
    </message>
    <message>
        <source>Sync latency alarm: the fleet&apos;s average over the last hour is %1, above the %2 threshold.</source>
        <translation>Sync latency alarm: the fleet&apos;s average over the last hour is %1, above the %2 threshold.</translation>
    </message>
    <message>
        <source>Integrity audit failed on a device.</source>
        <translation>Integrity audit failed on a device.</translation>
    </message>
    <message numerus="yes">
        <source>Integrity audit failed on %n device(s): %1.</source>
        <translation>
            <numerusform>Integrity audit failed on %n device: %1.</numerusform>
            <numerusform>Integrity audit failed on %n devices: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>No hub connection.</source>
        <translation>No hub connection.</translation>
    </message>
    <message>
        <source>This device&apos;s token does not have the supervisor role, so the fleet is not shown.</source>
        <translation>This device&apos;s token does not have the supervisor role, so the fleet is not shown.</translation>
    </message>
    <message>
        <source>Checking this device&apos;s role with the hub…</source>
        <translation>Checking this device&apos;s role with the hub…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>Conflicts (%1)</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Recent events</translation>
    </message>
    <message>
        <source>Select a device to see its recent sync runs, errors and audits.</source>
        <translation>Select a device to see its recent sync runs, errors and audits.</translation>
    </message>
    <message>
        <source>Recent events — %1</source>
        <translation>Recent events — %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>No events reported yet.</source>
        <translation>No events reported yet.</translation>
    </message>
    <message>
        <source>Could not settle the conflict: %1</source>
        <translation>Could not settle the conflict: %1</translation>
    </message>
    <message>
        <source>Could not load the events: %1</source>
        <translation>Could not load the events: %1</translation>
    </message>
    <message>
        <source>Hub unreachable: %1</source>
        <translation>Hub unreachable: %1</translation>
    </message>
    <message>
        <source>Hub error %1: %2</source>
        <translation>Hub error %1: %2</translation>
    </message>
    <message>
        <source>Pick a conflict, then the value to keep. The choice reaches every device with its next sync.</source>
        <translation>Pick a conflict, then the value to keep. The choice reaches every device with its next sync.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Current value — %1</source>
        <translation>Current value — %1</translation>
    </message>
    <message>
        <source>Other value — %1</source>
        <translation>Other value — %1</translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation>Settling…</translation>
    </message>
    <message>
        <source>%1, edited %2</source>
        <translation>%1, edited %2</translation>
    </message>
    <message>
        <source>both edited the field at the same time; the later edit won</source>
        <translation>both edited the field at the same time; the later edit won</translation>
    </message>
    <message>
        <source>the text edits overlapped; the later edit won</source>
        <translation>the text edits overlapped; the later edit won</translation>
    </message>
    <message>
        <source>the work order was deleted while it was being edited</source>
        <translation>the work order was deleted while it was being edited</translation>
    </message>
    <message>
        <source>%1 · %2: %3. Keep either value; the choice reaches every device.</source>
        <translation>%1 · %2: %3. Keep either value; the choice reaches every device.</translation>
    </message>
</context>
<context>
    <name>fieldsync::LocalStore</name>
    <message>
        <source>The database file “%1” is read-only: %2</source>
        <translation>The database file “%1” is read-only: %2</translation>
    </message>
    <message>
        <source>The database file “%1” is damaged: %2</source>
        <translation>The database file “%1” is damaged: %2</translation>
    </message>
    <message>
        <source>The file “%1” is not a FieldSync database or is damaged (%2). It was left untouched.</source>
        <translation>The file “%1” is not a FieldSync database or is damaged (%2). It was left untouched.</translation>
    </message>
    <message>
        <source>The database “%1” could not be read: %2</source>
        <translation>The database “%1” could not be read: %2</translation>
    </message>
    <message>
        <source>The database “%1” was written by a newer version of FieldSync (schema %2; this version understands up to %3). Update FieldSync to open it; the file was left untouched.</source>
        <translation>The database “%1” was written by a newer version of FieldSync (schema %2; this version understands up to %3). Update FieldSync to open it; the file was left untouched.</translation>
    </message>
    <message>
        <source>The database “%1” is damaged (%2). It was left untouched; restore a backup or move it aside to start with an empty database.</source>
        <translation>The database “%1” is damaged (%2). It was left untouched; restore a backup or move it aside to start with an empty database.</translation>
    </message>
    <message>
        <source>The database connection “%1” is already in use.</source>
        <translation>The database connection “%1” is already in use.</translation>
    </message>
    <message>
        <source>The data folder “%1” does not exist and could not be created.</source>
        <translation>The data folder “%1” does not exist and could not be created.</translation>
    </message>
    <message>
        <source>“%1” is not a folder.</source>
        <translation>“%1” is not a folder.</translation>
    </message>
    <message>
        <source>“%1” is not a database file.</source>
        <translation>“%1” is not a database file.</translation>
    </message>
    <message>
        <source>The database file “%1” is read-only. FieldSync needs to write to it; it was left untouched.</source>
        <translation>The database file “%1” is read-only. FieldSync needs to write to it; it was left untouched.</translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; the database cannot be written.</source>
        <translation>The data folder “%1” is read-only; the database cannot be written.</translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; no database can be created there.</source>
        <translation>The data folder “%1” is read-only; no database can be created there.</translation>
    </message>
    <message>
        <source>The database “%1” could not be opened</source>
        <translation>The database “%1” could not be opened</translation>
    </message>
    <message>
        <source>Configuring the database failed</source>
        <translation>Configuring the database failed</translation>
    </message>
    <message>
        <source>Reading the device id failed</source>
        <translation>Reading the device id failed</translation>
    </message>
    <message>
        <source>The shared clock belongs to device %1, the database to device %2.</source>
        <translation>The shared clock belongs to device %1, the database to device %2.</translation>
    </message>
    <message>
        <source>Saving setting “%1” failed</source>
        <translation>Saving setting “%1” failed</translation>
    </message>
    <message>
        <source>Saving the clock failed</source>
        <translation>Saving the clock failed</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>The database is not open.</translation>
    </message>
    <message>
        <source>Unknown table “%1”.</source>
        <translation>Unknown table “%1”.</translation>
    </message>
    <message>
        <source>Unknown field “%1”.</source>
        <translation>Unknown field “%1”.</translation>
    </message>
    <message>
        <source>Starting a transaction failed</source>
        <translation>Starting a transaction failed</translation>
    </message>
    <message>
        <source>Adding the work order failed</source>
        <translation>Adding the work order failed</translation>
    </message>
    <message>
        <source>Queueing the new work order for sync failed</source>
        <translation>Queueing the new work order for sync failed</translation>
    </message>
    <message>
        <source>Saving the work order failed</source>
        <translation>Saving the work order failed</translation>
    </message>
    <message>
        <source>Reading the work order failed</source>
        <translation>Reading the work order failed</translation>
    </message>
    <message>
        <source>The work order “%1” does not exist.</source>
        <translation>The work order “%1” does not exist.</translation>
    </message>
    <message>
        <source>Queueing the change for sync failed</source>
        <translation>Queueing the change for sync failed</translation>
    </message>
    <message>
        <source>Reading the schema failed</source>
        <translation>Reading the schema failed</translation>
    </message>
    <message>
        <source>Preparing the bulk load failed</source>
        <translation>Preparing the bulk load failed</translation>
    </message>
    <message>
        <source>Adding demo work orders failed</source>
        <translation>Adding demo work orders failed</translation>
    </message>
    <message>
        <source>Rebuilding indexes after the bulk load failed</source>
        <translation>Rebuilding indexes after the bulk load failed</translation>
    </message>
    <message>
        <source>Queueing demo work orders for sync failed</source>
        <translation>Queueing demo work orders for sync failed</translation>
    </message>
    <message>
        <source>Saving demo work orders failed</source>
        <translation>Saving demo work orders failed</translation>
    </message>
    <message>
        <source>The database file “%1” does not exist.</source>
        <translation>The database file “%1” does not exist.</translation>
    </message>
    <message>
        <source>The file “%1” is a database of another application, not a FieldSync database. It was left untouched.</source>
        <translation>The file “%1” is a database of another application, not a FieldSync database. It was left untouched.</translation>
    </message>
</context>
<context>
    <name>fieldsync::MainWindow</name>
    <message>
        <source>Sync is not set up: add a hub URL in Settings.</source>
        <translation>Sync is not set up: add a hub URL in Settings.</translation>
    </message>
    <message>
        <source>About FieldSync</source>
        <translation>About FieldSync</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Work orders that keep working without a network. Every edit is saved on this device at once and synchronised with the hub when a connection is available.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Work orders that keep working without a network. Every edit is saved on this device at once and synchronised with the hub when a connection is available.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation>Could not save the change: %1</translation>
    </message>
    <message>
        <source>Could not start a new work order.</source>
        <translation>Could not start a new work order.</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>Deleted “%1”.</translation>
    </message>
    <message>
        <source>Restored “%1”.</source>
        <translation>Restored “%1”.</translation>
    </message>
    <message>
        <source>Show the values that lost a concurrent edit</source>
        <translation>Show the values that lost a concurrent edit</translation>
    </message>
    <message>
        <source>all changes synced</source>
        <translation>all changes synced</translation>
    </message>
    <message>
        <source>Offline · no unsynced changes</source>
        <translation>Offline · no unsynced changes</translation>
    </message>
    <message>
        <source>Offline · %1</source>
        <translation>Offline · %1</translation>
    </message>
    <message>
        <source>Every change is saved on this device and will sync when the hub is reachable.</source>
        <translation>Every change is saved on this device and will sync when the hub is reachable.</translation>
    </message>
    <message>
        <source>%1 · last sync %2</source>
        <translation>%1 · last sync %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <source>Up to date · last sync %1</source>
        <translation>Up to date · last sync %1</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <source>%1 of %2 work orders</source>
        <translation>%1 of %2 work orders</translation>
    </message>
    <message>
        <source>No work orders match your search or filters.
Press Escape in the search field or use “Clear filters” to see all.</source>
        <translation>No work orders match your search or filters.
Press Escape in the search field or use “Clear filters” to see all.</translation>
    </message>
    <message>
        <source>No work orders yet.
Press Ctrl+N to create your first one.</source>
        <translation>No work orders yet.
Press Ctrl+N to create your first one.</translation>
    </message>
    <message>
        <source>FieldSync — Work orders</source>
        <translation>FieldSync — Work orders</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <source>Create a work order (Ctrl+N)</source>
        <translation>Create a work order (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>Delete the selected work order (Del); you can undo it</source>
        <translation>Delete the selected work order (Del); you can undo it</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>&amp;Undo delete</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Synchronise with the hub now (F5)</source>
        <translation>Synchronise with the hub now (F5)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;About FieldSync</source>
        <translation>&amp;About FieldSync</translation>
    </message>
    <message>
        <source>Search title, description, site, asset, customer (Ctrl+F)</source>
        <translation>Search title, description, site, asset, customer (Ctrl+F)</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Assigned to &amp;me</source>
        <translation>Assigned to &amp;me</translation>
    </message>
    <message>
        <source>Set your name in Settings to use this filter</source>
        <translation>Set your name in Settings to use this filter</translation>
    </message>
    <message>
        <source>Only work orders assigned to %1</source>
        <translation>Only work orders assigned to %1</translation>
    </message>
    <message>
        <source>&amp;Unsynced only</source>
        <translation>&amp;Unsynced only</translation>
    </message>
    <message>
        <source>Only work orders with changes not yet on the hub</source>
        <translation>Only work orders with changes not yet on the hub</translation>
    </message>
    <message>
        <source>Integrity audit finished: %1</source>
        <translation>Integrity audit finished: %1</translation>
    </message>
    <message>
        <source>Sync &amp;status</source>
        <translation>Sync &amp;status</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>&amp;Conflicts…</translation>
    </message>
    <message>
        <source>Run integrity &amp;audit</source>
        <translation>Run integrity &amp;audit</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <source>The fleet overview needs a device token with the supervisor role.</source>
        <translation>The fleet overview needs a device token with the supervisor role.</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Fleet</translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsynced change(s)</source>
        <translation>
            <numerusform>%Ln unsynced change</numerusform>
            <numerusform>%Ln unsynced changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln work order(s)</source>
        <translation>
            <numerusform>%Ln work order</numerusform>
            <numerusform>%Ln work orders</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Fleet overview</source>
        <translation>&amp;Fleet overview</translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation>Work orders</translation>
    </message>
</context>
<context>
    <name>fieldsync::SettingsDialog</name>
    <message>
        <source>Enter the hub address as http://host:port or https://host.</source>
        <translation>Enter the hub address as http://host:port or https://host.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Technician name:</source>
        <translation>&amp;Technician name:</translation>
    </message>
    <message>
        <source>&amp;Device name:</source>
        <translation>&amp;Device name:</translation>
    </message>
    <message>
        <source>Sync &amp;hub URL:</source>
        <translation>Sync &amp;hub URL:</translation>
    </message>
    <message>
        <source>Device &amp;token:</source>
        <translation>Device &amp;token:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>Your name, as work orders are assigned</source>
        <translation>Your name, as work orders are assigned</translation>
    </message>
    <message>
        <source>e.g. Van 12 laptop</source>
        <translation>e.g. Van 12 laptop</translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:8787</source>
        <translation>e.g. http://127.0.0.1:8787</translation>
    </message>
    <message>
        <source>Paste the token from your supervisor</source>
        <translation>Paste the token from your supervisor</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Leave the hub URL empty to work on this device only. Language changes apply immediately.</source>
        <translation>Leave the hub URL empty to work on this device only. Language changes apply immediately.</translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation>Show the token</translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncStatusPanel</name>
    <message>
        <source>Unsynced changes:</source>
        <translation>Unsynced changes:</translation>
    </message>
    <message>
        <source>Last successful sync:</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <source>Last integrity check:</source>
        <translation>Last integrity check:</translation>
    </message>
    <message>
        <source>Changes refused by the hub:</source>
        <translation>Changes refused by the hub:</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Check integrity now</source>
        <translation>Check integrity now</translation>
    </message>
    <message>
        <source>Recent sync log</source>
        <translation>Recent sync log</translation>
    </message>
    <message>
        <source>Latency of the last changes (edit → hub)</source>
        <translation>Latency of the last changes (edit → hub)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Edited</translation>
    </message>
    <message>
        <source>Reached the hub</source>
        <translation>Reached the hub</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latency</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Sync has not run since FieldSync started.</source>
        <translation>Sync has not run since FieldSync started.</translation>
    </message>
    <message>
        <source>Sync is off: changes stay on this device.</source>
        <translation>Sync is off: changes stay on this device.</translation>
    </message>
    <message>
        <source>Waiting for the next sync.</source>
        <translation>Waiting for the next sync.</translation>
    </message>
    <message>
        <source>Offline: changes are kept on this device and sync later.</source>
        <translation>Offline: changes are kept on this device and sync later.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>Up to date.</translation>
    </message>
    <message>
        <source>Sync error.</source>
        <translation>Sync error.</translation>
    </message>
    <message>
        <source>The hub refused this device.</source>
        <translation>The hub refused this device.</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Next attempt at %1.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message numerus="yes">
        <source>%n work order(s)</source>
        <translation>
            <numerusform>%n work order</numerusform>
            <numerusform>%n work orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n field(s), oldest edit %1)</source>
        <translation>
            <numerusform>(%n field, oldest edit %1)</numerusform>
            <numerusform>(%n fields, oldest edit %1)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — data matches the hub</source>
        <translation>%1 — data matches the hub</translation>
    </message>
    <message>
        <source>%1 — differences found and repaired</source>
        <translation>%1 — differences found and repaired</translation>
    </message>
    <message>
        <source>%1 — the check could not finish</source>
        <translation>%1 — the check could not finish</translation>
    </message>
    <message>
        <source>%1, field “%2”: %3</source>
        <translation>%1, field “%2”: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message>
        <source>sync</source>
        <translation>sync</translation>
    </message>
    <message>
        <source>integrity check</source>
        <translation>integrity check</translation>
    </message>
    <message>
        <source>full resync</source>
        <translation>full resync</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncWorker</name>
    <message>
        <source>Check the database file and restart FieldSync.</source>
        <translation>Check the database file and restart FieldSync.</translation>
    </message>
    <message>
        <source>The server&apos;s answer was incomplete.</source>
        <translation>The server&apos;s answer was incomplete.</translation>
    </message>
    <message>
        <source>The server answered with status %1.</source>
        <translation>The server answered with status %1.</translation>
    </message>
    <message>
        <source>Local data matches the server.</source>
        <translation>Local data matches the server.</translation>
    </message>
    <message numerus="yes">
        <source>Repaired %n row(s) in %1 bucket(s); %2 row(s) queued for the server.</source>
        <translation>
            <numerusform>Repaired %n row in %1 bucket; %2 row queued for the server.</numerusform>
            <numerusform>Repaired %n rows in %1 buckets; %2 rows queued for the server.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>Sync failed.</translation>
    </message>
    <message>
        <source>This device may not sync with the hub. Ask your administrator to check its role.</source>
        <translation>This device may not sync with the hub. Ask your administrator to check its role.</translation>
    </message>
    <message>
        <source>The hub does not accept this device&apos;s token. Paste a new token in Settings.</source>
        <translation>The hub does not accept this device&apos;s token. Paste a new token in Settings.</translation>
    </message>
    <message>
        <source>Changes are kept on this device and sync later.</source>
        <translation>Changes are kept on this device and sync later.</translation>
    </message>
    <message>
        <source>FieldSync retries automatically.</source>
        <translation>FieldSync retries automatically.</translation>
    </message>
    <message>
        <source>The token belongs to device %1, but this database is device %2.</source>
        <translation>The token belongs to device %1, but this database is device %2.</translation>
    </message>
    <message>
        <source>Enrol this device on the hub again, or use the token made for it.</source>
        <translation>Enrol this device on the hub again, or use the token made for it.</translation>
    </message>
</context>
<context>
    <name>fieldsync::TableDef</name>
    <message>
        <source>“%1” must be true or false.</source>
        <translation>“%1” must be true or false.</translation>
    </message>
    <message>
        <source>“%1” must be text.</source>
        <translation>“%1” must be text.</translation>
    </message>
    <message>
        <source>“%1” is required.</source>
        <translation>“%1” is required.</translation>
    </message>
    <message>
        <source>“%1” is longer than %2 characters.</source>
        <translation>“%1” is longer than %2 characters.</translation>
    </message>
    <message>
        <source>“%1” must be a single line.</source>
        <translation>“%1” must be a single line.</translation>
    </message>
    <message>
        <source>“%1” is not a valid value for “%2” (expected one of: %3).</source>
        <translation>“%1” is not a valid value for “%2” (expected one of: %3).</translation>
    </message>
    <message>
        <source>“%1” must be a date written as YYYY-MM-DD.</source>
        <translation>“%1” must be a date written as YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>“%1” must be a UTC date and time in ISO 8601 form.</source>
        <translation>“%1” must be a UTC date and time in ISO 8601 form.</translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderForm</name>
    <message>
        <source>New work order</source>
        <translation>New work order</translation>
    </message>
    <message>
        <source>Type a title to create it. It is saved on this device at once.</source>
        <translation>Type a title to create it. It is saved on this device at once.</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>Created %1 · %2</source>
        <translation>Created %1 · %2</translation>
    </message>
    <message>
        <source>Select a work order to see its details,
or press Ctrl+N to create one.</source>
        <translation>Select a work order to see its details,
or press Ctrl+N to create one.</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>A title is required.</translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation>What needs to be done?</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>&amp;Priority</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>&amp;Customer</translation>
    </message>
    <message>
        <source>Si&amp;te address</source>
        <translation>Si&amp;te address</translation>
    </message>
    <message>
        <source>&amp;Asset</source>
        <translation>&amp;Asset</translation>
    </message>
    <message>
        <source>Assi&amp;gned to</source>
        <translation>Assi&amp;gned to</translation>
    </message>
    <message>
        <source>&amp;Due date</source>
        <translation>&amp;Due date</translation>
    </message>
    <message>
        <source>D&amp;escription</source>
        <translation>D&amp;escription</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Customer name</translation>
    </message>
    <message>
        <source>Street, city</source>
        <translation>Street, city</translation>
    </message>
    <message>
        <source>e.g. HVAC Unit 4B</source>
        <translation>e.g. HVAC Unit 4B</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>What the customer reported</source>
        <translation>What the customer reported</translation>
    </message>
    <message>
        <source>Findings, parts used, next steps…</source>
        <translation>Findings, parts used, next steps…</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>No due date</translation>
    </message>
    <message>
        <source>Clear the due date</source>
        <translation>Clear the due date</translation>
    </message>
    <message>
        <source>This work order was changed on another device while you were editing. Your changes are kept; other fields show the latest values.</source>
        <translation>This work order was changed on another device while you were editing. Your changes are kept; other fields show the latest values.</translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderModel</name>
    <message>
        <source>No due date</source>
        <translation>No due date</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>Overdue since %1</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Sync state</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Customer / site</source>
        <translation>Customer / site</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Asset</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation>Last updated</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>Synced with a conflict: see Conflicts</source>
        <translation>Synced with a conflict: see Conflicts</translation>
    </message>
    <message>
        <source>Changed on this device, not yet synced</source>
        <translation>Changed on this device, not yet synced</translation>
    </message>
</context>
<context>
    <name>fieldsync::migrations</name>
    <message>
        <source>The database was written by a newer version of FieldSync (schema %1, this version understands up to %2).</source>
        <translation>The database was written by a newer version of FieldSync (schema %1, this version understands up to %2).</translation>
    </message>
    <message>
        <source>Upgrading the database to schema %1 failed: %2</source>
        <translation>Upgrading the database to schema %1 failed: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>FieldSync</source>
        <translation>FieldSync</translation>
    </message>
    <message>
        <source>The token file %1 cannot be read.</source>
        <translation>The token file %1 cannot be read.</translation>
    </message>
</context>
</TS>
