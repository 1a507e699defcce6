"""deposit guarantees and the landlord's claims on them

Revision ID: a99c98287350
Revises: 265dc5361345
Create Date: 2026-11-22 22:21:12.435563

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a99c98287350'
down_revision = '265dc5361345'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deposit_guarantees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('landlord_name', sa.String(length=120), nullable=False),
    sa.Column('landlord_address', sa.String(length=200), nullable=False),
    sa.Column('rental_address', sa.String(length=200), nullable=False),
    sa.Column('monthly_rent', sa.Integer(), nullable=False),
    sa.Column('lease_starts_on', sa.Date(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('tenant_deposit', sa.Integer(), nullable=False),
    sa.Column('payout_support', sa.String(length=10), nullable=False),
    sa.Column('support_justification', sa.Text(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('document', sa.LargeBinary(), nullable=False),
    sa.Column('document_sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('monthly_rent > 0', name=op.f('ck_deposit_guarantees_rent_positive')),
    sa.CheckConstraint('months BETWEEN 1 AND 6', name=op.f('ck_deposit_guarantees_months_allowed')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_deposit_guarantees_case_id_cases')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_deposit_guarantees_issued_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_deposit_guarantees_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deposit_guarantees'))
    )
    with op.batch_alter_table('deposit_guarantees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deposit_guarantees_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deposit_guarantees_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('guarantee_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guarantee_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('tenant_notified_on', sa.Date(), nullable=True),
    sa.Column('tenant_objections', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('paid_amount', sa.Integer(), nullable=False),
    sa.Column('refusal', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_guarantee_claims_created_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_guarantee_claims_decided_by_id_users')),
    sa.ForeignKeyConstraint(['guarantee_id'], ['deposit_guarantees.id'], name=op.f('fk_guarantee_claims_guarantee_id_deposit_guarantees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guarantee_claims'))
    )
    with op.batch_alter_table('guarantee_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guarantee_claims_guarantee_id'), ['guarantee_id'], unique=False)



def downgrade():
    with op.batch_alter_table('guarantee_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guarantee_claims_guarantee_id'))

    op.drop_table('guarantee_claims')
    with op.batch_alter_table('deposit_guarantees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deposit_guarantees_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_deposit_guarantees_case_id'))

    op.drop_table('deposit_guarantees')
