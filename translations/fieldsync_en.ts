<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>StoreOpener</name>
    <message>
        <source>The data folder %1 does not exist.

Create it, or start FieldSync with --data-dir pointing to an existing folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The work-order database %1 is read-only, so FieldSync could not save your edits.

Check the permissions of the file and its folder. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 is not a readable FieldSync database; it may be damaged.

It was left exactly as it is. Restore it from a backup, or move it aside to start with an empty store; unsynced edits in it can only come back from a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database %1 was created by a newer version of FieldSync.

Install the newer version to open it. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FieldSync could not open the database %1.

The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FieldSync cannot open its data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::ConflictsDialog</name>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed the same field while you were offline. The hub kept one value; nothing was thrown away. Restore your value to make it the current one again, or keep the current value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore my value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conflicts could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your value is the current one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your value could not be restored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conflict could not be marked as resolved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetClient</name>
    <message>
        <source>No hub configured.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetConflictModel</name>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work order …%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetDeviceModel</name>
    <message>
        <source>Healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale: not seen for over %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High sync latency: p95 above %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrity audit failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repaired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsynced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetEventModel</name>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pushed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pulled %1</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integrity audit finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetPanel</name>
    <message>
        <source>Settled: %1 · %2 is now “%3”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>average latency, last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95 latency, last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsynced changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch the fleet&apos;s state now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet sync latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average latency (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep other value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open conflicts in the fleet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm threshold (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync latency alarm: the fleet&apos;s average over the last hour is %1, above the %2 threshold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrity audit failed on a device.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device&apos;s token does not have the supervisor role, so the fleet is not shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking this device&apos;s role with the hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a device to see its recent sync runs, errors and audits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent events — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events reported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not settle the conflict: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the events: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub unreachable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub error %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a conflict, then the value to keep. The choice reaches every device with its next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current value — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other value — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, edited %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both edited the field at the same time; the later edit won</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text edits overlapped; the later edit won</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the work order was deleted while it was being edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2: %3. Keep either value; the choice reaches every device.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::LocalStore</name>
    <message>
        <source>The database file “%1” is read-only: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file “%1” is damaged: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file “%1” is not a FieldSync database or is damaged (%2). It was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database “%1” could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database “%1” was written by a newer version of FieldSync (schema %2; this version understands up to %3). Update FieldSync to open it; the file was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database “%1” is damaged (%2). It was left untouched; restore a backup or move it aside to start with an empty database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database connection “%1” is already in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder “%1” does not exist and could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a database file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file “%1” is read-only. FieldSync needs to write to it; it was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; the database cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; no database can be created there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database “%1” could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuring the database failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the device id failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared clock belongs to device %1, the database to device %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving setting “%1” failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the clock failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown table “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown field “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a transaction failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding the work order failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queueing the new work order for sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the work order failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the work order failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The work order “%1” does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queueing the change for sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the schema failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the bulk load failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding demo work orders failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rebuilding indexes after the bulk load failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queueing demo work orders for sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving demo work orders failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file “%1” does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file “%1” is a database of another application, not a FieldSync database. It was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::MainWindow</name>
    <message>
        <source>Sync is not set up: add a hub URL in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About FieldSync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Work orders that keep working without a network. Every edit is saved on this device at once and synchronised with the hub when a connection is available.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start a new work order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the values that lost a concurrent edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all changes synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline · no unsynced changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every change is saved on this device and will sync when the hub is reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · last sync %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date · last sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 work orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No work orders match your search or filters.
Press Escape in the search field or use “Clear filters” to see all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No work orders yet.
Press Ctrl+N to create your first one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FieldSync — Work orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a work order (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected work order (Del); you can undo it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronise with the hub now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About FieldSync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search title, description, site, asset, customer (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to &amp;me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set your name in Settings to use this filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only work orders assigned to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unsynced only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only work orders with changes not yet on the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrity audit finished: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync &amp;status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run integrity &amp;audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fleet overview needs a device token with the supervisor role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::SettingsDialog</name>
    <message>
        <source>Enter the hub address as http://host:port or https://host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Technician name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync &amp;hub URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device &amp;token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name, as work orders are assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Van 12 laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:8787</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the token from your supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the hub URL empty to work on this device only. Language changes apply immediately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncStatusPanel</name>
    <message>
        <source>Unsynced changes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last successful sync:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last integrity check:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes refused by the hub:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check integrity now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent sync log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency of the last changes (edit → hub)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync has not run since FieldSync started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync is off: changes stay on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: changes are kept on this device and sync later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refused this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — differences found and repaired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — the check could not finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, field “%2”: %3</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integrity check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full resync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncWorker</name>
    <message>
        <source>Check the database file and restart FieldSync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer was incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local data matches the server.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device may not sync with the hub. Ask your administrator to check its role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub does not accept this device&apos;s token. Paste a new token in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes are kept on this device and sync later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FieldSync retries automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token belongs to device %1, but this database is device %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol this device on the hub again, or use the token made for it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::TableDef</name>
    <message>
        <source>“%1” must be true or false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a single line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a valid value for “%2” (expected one of: %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a date written as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a UTC date and time in ISO 8601 form.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderForm</name>
    <message>
        <source>New work order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a title to create it. It is saved on this device at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a work order to see its details,
or press Ctrl+N to create one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;te address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Asset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assi&amp;gned to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;escription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Street, city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. HVAC Unit 4B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the customer reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings, parts used, next steps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This work order was changed on another device while you were editing. Your changes are kept; other fields show the latest values.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderModel</name>
    <message>
        <source>No due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer / site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced with a conflict: see Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed on this device, not yet synced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldsync::migrations</name>
    <message>
        <source>The database was written by a newer version of FieldSync (schema %1, this version understands up to %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the database to schema %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>FieldSync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
