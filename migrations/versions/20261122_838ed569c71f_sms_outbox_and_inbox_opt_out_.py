"""SMS outbox and inbox, opt-out, confirmations, escalations

Revision ID: 838ed569c71f
Revises: 5c5dd741ce78
Create Date: 2026-11-22 17:15:55.736813

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '838ed569c71f'
down_revision = '5c5dd741ce78'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sms_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('event_key', sa.String(length=80), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('hold_id', sa.Integer(), nullable=True),
    sa.Column('shelter_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('give_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('provider_sid', sa.String(length=64), nullable=True),
    sa.Column('error_code', sa.String(length=20), nullable=False),
    sa.Column('error_message', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sms_messages_case_id_cases')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_sms_messages_client_id_clients')),
    sa.ForeignKeyConstraint(['hold_id'], ['holds.id'], name=op.f('fk_sms_messages_hold_id_holds')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_sms_messages_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_sms_messages_shelter_id_shelters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_messages')),
    sa.UniqueConstraint('event_key', name=op.f('uq_sms_messages_event_key')),
    sa.UniqueConstraint('provider_sid', name=op.f('uq_sms_messages_provider_sid'))
    )
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_messages_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_hold_id'), ['hold_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_phone'), ['phone'], unique=False)
        batch_op.create_index('ix_sms_messages_status_due', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sms_opted_out_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('holds', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('sms_opted_out_at')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('escalated_at')

    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_sms_messages_status_due')
        batch_op.drop_index(batch_op.f('ix_sms_messages_phone'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_hold_id'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_client_id'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_case_id'))

    op.drop_table('sms_messages')
