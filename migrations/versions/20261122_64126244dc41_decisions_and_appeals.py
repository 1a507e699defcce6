"""decisions and appeals

Revision ID: 64126244dc41
Revises: 853718b21560
Create Date: 2026-11-22 17:29:37.167676

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '64126244dc41'
down_revision = '853718b21560'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('appeal_information', sa.Text(), nullable=False),
    sa.Column('access_information', sa.Text(), nullable=False),
    sa.Column('appeal_body', sa.String(length=120), nullable=False),
    sa.Column('shelter_id', sa.Integer(), nullable=True),
    sa.Column('first_night', sa.Date(), nullable=True),
    sa.Column('last_night', sa.Date(), nullable=True),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('payment', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('stay_id', sa.Integer(), nullable=True),
    sa.Column('hearing', sa.Text(), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('delivered_via', sa.String(length=10), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('reasons_given_on', sa.Date(), nullable=True),
    sa.Column('appeal_deadline', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases')),
    sa.ForeignKeyConstraint(['corrects_id'], ['decisions.id'], name=op.f('fk_decisions_corrects_id_decisions')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_decisions_created_by_id_users')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_decisions_issued_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_decisions_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_decisions_shelter_id_shelters')),
    sa.ForeignKeyConstraint(['stay_id'], ['stays.id'], name=op.f('fk_decisions_stay_id_stays')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('in_time', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('new_decision_id', sa.Integer(), nullable=True),
    sa.Column('forwarded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cover_pdf', sa.LargeBinary(), nullable=True),
    sa.Column('cover_sha256', sa.String(length=64), nullable=False),
    sa.Column('result_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_appeals_created_by_id_users')),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_appeals_decision_id_decisions')),
    sa.ForeignKeyConstraint(['new_decision_id'], ['decisions.id'], name=op.f('fk_appeals_new_decision_id_decisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeals_decision_id'), ['decision_id'], unique=False)



def downgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeals_decision_id'))

    op.drop_table('appeals')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_case_id'))

    op.drop_table('decisions')
